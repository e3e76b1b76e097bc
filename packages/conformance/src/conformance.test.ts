/**
 * The suite against real agents, each a separate process started as a black box: the built-in agent reaches
 * `full` (directly, and through the local AgentCore runtime with presigned URLs); the articles' agent
 * reproduced in examples/basic-agent reaches `basic`. And the CLI's contract: the last line, JSON, exit codes.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SUITE_OPTIONS, type SuiteOptions } from "./check.ts";
import { readEnv } from "./env.ts";
import { type ConformanceReport, runConformance } from "./run-suite.ts";
import { runtimeTarget } from "./runtime-target.ts";
import { urlTarget } from "./target.ts";
import { type AgentProcess, freePort, REPO_ROOT, startProcess } from "./testing/agent-process.ts";

const OPTIONS: SuiteOptions = { ...DEFAULT_SUITE_OPTIONS, answerTimeoutMs: 30_000, replyTimeoutMs: 2_000 };

const statuses = (report: ConformanceReport) =>
  Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
const failures = (report: ConformanceReport) =>
  report.checks.filter((c) => c.status === "fail").map((c) => `${c.id}: ${c.reason}`);

let agent: AgentProcess;
let basic: AgentProcess;

beforeAll(async () => {
  [agent, basic] = await Promise.all([
    startProcess("apps/agent/src/main.ts", { LOG_LEVEL: "warn" }),
    startProcess("examples/basic-agent/src/main.ts"),
  ]);
});

afterAll(async () => {
  await Promise.all([agent?.stop(), basic?.stop()]);
});

describe("the built-in agent", () => {
  it("reaches full, passing every check", async () => {
    const report = await runConformance(urlTarget(agent.wsUrl), OPTIONS);
    expect(failures(report)).toEqual([]);
    expect(report.detected).toBe("full");
    expect(report.level).toBe("full");
    expect(new Set(Object.values(statuses(report)))).toEqual(new Set(["pass"]));
  });

  it("reaches full through the local AgentCore runtime, each connection on its own presigned URL", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "conformance-"));
    const runtime = await startProcess("apps/agentcore-local/src/main.ts", {
      LOG_LEVEL: "warn",
      AGENT_URL: agent.httpUrl,
      INTERJECT_DATA_DIR: dataDir,
    });
    try {
      const target = await runtimeTarget(
        { runtimeArn: LOCAL_RUNTIME.arn, endpoint: runtime.httpUrl },
        readEnv({ INTERJECT_DATA_DIR: dataDir }),
      );
      const report = await runConformance(target, OPTIONS);
      expect(failures(report)).toEqual([]);
      expect(report.level).toBe("full");
      expect(statuses(report)["container-ping"]).toBe("skip");
    } finally {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the articles' agent (examples/basic-agent)", () => {
  it("reaches basic, not full", async () => {
    const report = await runConformance(urlTarget(basic.wsUrl), OPTIONS);
    expect(failures(report)).toEqual([]);
    expect(report.detected).toBe("basic");
    expect(report.level).toBe("basic");
    expect(statuses(report)).toEqual({
      "level-detect": "pass",
      hello: "skip",
      "answer-streams": "pass",
      "inputtext-prompt": "skip",
      "new-prompt-interrupts": "pass",
      "explicit-interrupt": "skip",
      resume: "skip",
      // The articles' agent stops reading a socket after a frame it cannot read.
      "malformed-json": "warn",
      "binary-frame": "warn",
      "missing-input": "pass",
      "oversize-frame": "pass",
      "oversize-prompt": "skip",
      "ws-ping": "pass",
      "app-ping": "skip",
      "container-ping": "pass",
      "frame-size": "pass",
      "frame-schema": "pass",
    });
  });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/conformance/src/cli.ts", ...args], {
      cwd: REPO_ROOT,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the CLI", () => {
  it("prints JSON and exits 1 when the level is below --require", async () => {
    const run = await cli([basic.wsUrl, "--json", "--require", "full", "--reply-timeout", "1000"]);
    const report = JSON.parse(run.stdout) as ConformanceReport;
    expect(report.level).toBe("basic");
    expect(report.target).toBe(basic.wsUrl);
    expect(run.code).toBe(1);
  });

  it("ends with level: none and exits 1 when nothing answers", async () => {
    const port = await freePort();
    const run = await cli([`ws://127.0.0.1:${port}/ws`]);
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("level: none");
    expect(run.stdout).toMatch(/FAIL {2}level-detect +could not connect/);
    expect(run.code).toBe(1);
  });

  it("exits 2 with the usage for bad arguments", async () => {
    const run = await cli(["ws://127.0.0.1:8080/ws", "--require", "expert"]);
    expect(run.stderr).toMatch(/--require must be basic or full[\s\S]*Usage:/);
    expect(run.code).toBe(2);
  });
});
