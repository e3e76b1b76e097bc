/**
 * `pnpm conformance --agent <registered name>` against the whole stack: the CLI asks the broker's registry, as
 * the administrator, for the agent's runtime (ARN, qualifier, Region, the broker's data-plane endpoint) and
 * signs its own presigned URLs for it; the local runtime serves the built-in agent (`interject`, registered on
 * the first start) at `full` and the AgentCore articles' agent (the basic fixture, registered here) at `basic`.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BrokerApi } from "../fixtures/api.ts";
import { expect, stack, test } from "../fixtures/test.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pnpm conformance` as a person runs it, with the settings for this stack's broker and key pair. */
function conformance(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      [`${ROOT}/scripts/conformance.sh`, ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          INTERJECT_BROKER_URL: stack.publicUrl,
          INTERJECT_ADMIN_EMAIL: stack.admin.email,
          INTERJECT_ADMIN_PASSWORD: stack.admin.password,
          INTERJECT_DATA_DIR: stack.dataDir,
        },
        timeout: 170_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

test.describe("pnpm conformance --agent", () => {
  test.describe.configure({ timeout: 180_000 });

  test("the built-in agent, found by its registered name, reaches full through the local runtime", async () => {
    const run = await conformance("--agent", "interject", "--require", "full");
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`agent "interject" (runtime arn:aws:bedrock-agentcore:`);
    expect(run.stdout).toContain(`via ${stack.runtimeUrl}`);
    expect(run.stdout).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(lastLine(run.stdout)).toBe("level: full");
    expect(run.code).toBe(0);
  });

  test("the articles' agent, registered by an admin, reaches basic through the local runtime", async () => {
    const admin = new BrokerApi(stack.publicUrl);
    await admin.login(stack.admin.email, stack.admin.password);
    const name = `articles-conformance-${Date.now()}`;
    await admin.request("POST", "/api/admin/agents", {
      name,
      displayName: "Articles agent (conformance)",
      runtimeArn: stack.basicAgentArn,
      protocolLevel: "basic",
    });
    const run = await conformance("--agent", name);
    expect(run.stdout).toContain(`agent "${name}" (runtime ${stack.basicAgentArn} via`);
    expect(lastLine(run.stdout)).toBe("level: basic");
    expect(run.code).toBe(0);
    // Basic is not full: asked for full, the same agent fails.
    const strict = await conformance("--agent", name, "--require", "full");
    expect(lastLine(strict.stdout)).toBe("level: basic");
    expect(strict.code).toBe(1);
  });

  test("an unknown name is a usage error that lists the registered agents", async () => {
    const run = await conformance("--agent", "no-such-agent");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no agent named "no-such-agent" is registered at');
    expect(run.stderr).toContain("interject");
  });
});
