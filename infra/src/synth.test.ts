/**
 * The CDK app synthesized end to end, as `cdk synth` does (asset staging included, Docker never run): both
 * images come from the repository's Dockerfiles for linux/arm64, the staged build context is the allow-list
 * (manifests and sources, no node_modules, tests or local data), and nothing needs AWS credentials.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { BASE_CONTEXT } from "./testing/synth-stack.ts";

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

interface DockerImageSource {
  directory: string;
  dockerFile: string;
  platform: string;
}

function synthAssets(context: Record<string, string | undefined>) {
  const outdir = mkdtempSync(path.join(tmpdir(), "interject-cdk-"));
  outdirs.push(outdir);
  const merged = Object.fromEntries(
    Object.entries({ ...BASE_CONTEXT, ...context }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const { app, stack } = createApp({ outdir, context: merged }, {});
  const assembly = app.synth();
  const assets = JSON.parse(readFileSync(path.join(outdir, `${stack.stackName}.assets.json`), "utf8")) as {
    dockerImages: Record<string, { source: DockerImageSource }>;
  };
  const images = Object.values(assets.dockerImages).map((i) => i.source);
  return { outdir, assembly, images, template: assembly.getStackByName(stack.stackName).template as object };
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory()
      ? [`${rel}/`, ...listFiles(path.join(dir, name), rel)]
      : [rel];
  });
}

function expectAllowListedContext(dir: string, dockerfile: string, appDir: string) {
  const files = listFiles(dir);
  for (const f of [
    "package.json",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "scripts/bundle.mjs",
    dockerfile,
  ]) {
    expect(files, f).toContain(f);
  }
  expect(files.some((f) => f.startsWith(`${appDir}/src/`))).toBe(true);
  expect(files.filter((f) => /(^|\/)node_modules\//.test(f))).toEqual([]);
  expect(files.filter((f) => /\.test\.tsx?$/.test(f))).toEqual([]);
  expect(files.filter((f) => /(^|\/)(\.interject|dist|cdk\.out|\.git)\//.test(f))).toEqual([]);
  expect(files.filter((f) => f.startsWith("infra/") && f !== "infra/" && f !== "infra/package.json")).toEqual(
    [],
  );
}

describe("cdk synth", () => {
  it("stages the broker image from apps/broker/Dockerfile for linux/arm64, offline", () => {
    const { outdir, assembly, images, template } = synthAssets({ brokerImageUri: undefined });
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(images).toHaveLength(1);
    const [broker] = images;
    expect(broker).toMatchObject({ dockerFile: "apps/broker/Dockerfile", platform: "linux/arm64" });
    const staged = path.join(outdir, broker?.directory ?? "");
    expectAllowListedContext(staged, "apps/broker/Dockerfile", "apps/broker");
    // What the broker image needs besides its sources: the web app and the SQL migrations.
    expect(existsSync(path.join(staged, "apps/web/package.json"))).toBe(true);
    expect(existsSync(path.join(staged, "apps/broker/drizzle"))).toBe(true);
    expect(JSON.stringify(template)).toContain("container-assets");
  });

  it("stages the agent image from apps/agent/Dockerfile for linux/arm64, offline", () => {
    const { outdir, assembly, images, template } = synthAssets({ agentImageUri: undefined });
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(images).toHaveLength(1);
    const [agent] = images;
    expect(agent).toMatchObject({ dockerFile: "apps/agent/Dockerfile", platform: "linux/arm64" });
    expectAllowListedContext(
      path.join(outdir, agent?.directory ?? ""),
      "apps/agent/Dockerfile",
      "apps/agent",
    );
    const runtime = Object.values(
      (template as { Resources: Record<string, { Type: string; Properties: object }> }).Resources,
    ).find((r) => r.Type === "AWS::BedrockAgentCore::Runtime");
    expect(JSON.stringify(runtime?.Properties)).toContain("container-assets");
  });
});
