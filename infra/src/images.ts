/**
 * Where the two container images come from. By default both are built by `cdk deploy` from the monorepo root
 * (the Dockerfiles are apps/agent/Dockerfile and apps/broker/Dockerfile) for linux/arm64. Synthesis only
 * stages the build context into cdk.out, it never runs Docker, so the context is an allow-list: the
 * workspace manifests, the lockfile, the shared build script and the sources of apps/, packages/ and examples/, without
 * node_modules, build output, tests or local data. A CI pipeline that builds images itself passes
 * agentImageUri / brokerImageUri instead and nothing is staged.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IgnoreMode } from "aws-cdk-lib";
import * as ecrAssets from "aws-cdk-lib/aws-ecr-assets";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Docker-style patterns, applied in order: the last matching pattern decides. */
export const BUILD_CONTEXT_EXCLUDE = [
  "**",
  "!package.json",
  "!pnpm-lock.yaml",
  "!pnpm-workspace.yaml",
  "!.npmrc",
  "!.node-version",
  "!tsconfig.base.json",
  "!scripts/bundle.mjs",
  "!apps",
  "!packages",
  "!examples",
  "!docs",
  // Manifests of the other workspace projects, so a frozen install sees the same workspace as the lockfile.
  "!e2e/package.json",
  "!infra/package.json",
  "**/node_modules",
  "**/dist",
  "**/coverage",
  "**/.interject",
  "**/.vite",
  "**/*.test.ts",
  "**/*.test.tsx",
  "**/*.log",
  "**/.env",
  "**/.env.*",
];

export function imageAssetOptions(dockerfile: string): ecrAssets.DockerImageAssetOptions {
  return {
    file: dockerfile,
    platform: ecrAssets.Platform.LINUX_ARM64,
    exclude: BUILD_CONTEXT_EXCLUDE,
    ignoreMode: IgnoreMode.DOCKER,
  };
}
