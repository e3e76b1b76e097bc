/**
 * `pnpm synth` as CI and users run it: the real `cdk` CLI runs the app through cdk.json (tsx bin/interject.ts)
 * with the placeholder settings of the package's synth script, and must succeed without AWS credentials.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const infraDir = path.resolve(import.meta.dirname, "..");
const outdir = mkdtempSync(path.join(tmpdir(), "interject-cdk-cli-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("pnpm synth", () => {
  // The CLI starts a second Node process and stages both build contexts: slow on a busy machine.
  it("synthesizes the stack offline with the real CLI", { timeout: 300_000 }, () => {
    const pkg = JSON.parse(readFileSync(path.join(infraDir, "package.json"), "utf8")) as {
      scripts: { synth: string };
    };
    const words = pkg.scripts.synth.split(/\s+/);
    const args = words.slice(words.indexOf("cdk") + 1);
    execFileSync(path.join(infraDir, "node_modules/.bin/cdk"), [...args, "--output", outdir], {
      cwd: infraDir,
      // No credentials and no instance metadata: synthesis must not need either.
      env: {
        PATH: `${path.join(infraDir, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
        HOME: outdir,
        CDK_DISABLE_CLI_TELEMETRY: "true",
        AWS_EC2_METADATA_DISABLED: "true",
      },
      stdio: "pipe",
      timeout: 280_000,
    });
    const template = JSON.parse(readFileSync(path.join(outdir, "Interject.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string }>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    for (const type of ["AWS::BedrockAgentCore::Runtime", "AWS::ECS::Service", "AWS::RDS::DBInstance"]) {
      expect(types).toContain(type);
    }
  });
});
