/**
 * Every check fails when the agent gets its behaviour wrong. Each case puts a fault proxy in front of a real
 * agent process (the built-in agent for full, examples/basic-agent for basic) that breaks one behaviour, runs
 * the check at that level, and expects a failure whose reason names the fault.
 */
import { MAX_INBOUND_FRAME_BYTES } from "@interject/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SUITE_OPTIONS, type SuiteOptions } from "./check.ts";
import { CHECKS } from "./checks/index.ts";
import { FrameLog } from "./frame-log.ts";
import { type CheckResult, runCheck, runConformance } from "./run-suite.ts";
import { urlTarget } from "./target.ts";
import { type AgentProcess, startProcess } from "./testing/agent-process.ts";
import { type Faults, type Frame, frameOf, json, startFaultProxy } from "./testing/fault-proxy.ts";

const OPTIONS: SuiteOptions = { ...DEFAULT_SUITE_OPTIONS, answerTimeoutMs: 15_000, replyTimeoutMs: 1_500 };

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

/** Runs the named checks, in order and sharing one frame log, through a proxy with `faults`. */
async function run(
  upstream: AgentProcess,
  level: "full" | "basic",
  faults: Faults,
  ids: string[],
): Promise<CheckResult[]> {
  const proxy = await startFaultProxy(upstream.httpUrl, faults);
  try {
    const log = new FrameLog();
    const results: CheckResult[] = [];
    for (const id of ids) {
      const check = CHECKS.find((c) => c.id === id);
      if (!check) throw new Error(`no check ${id}`);
      results.push(await runCheck(check, level, urlTarget(proxy.wsUrl), OPTIONS, log));
    }
    return results;
  } finally {
    await proxy.close();
  }
}

const isJson = (frame: Frame) => !frame.binary && frame.text.startsWith("{");
const typed = (frame: Frame, type: string) => isJson(frame) && json(frame).type === type;
/** The second chunk on each connection is lost. */
function dropSecondChunk(): Faults["toClient"] {
  const seen = new Map<number, number>();
  return (frame, connection) => {
    if (!typed(frame, "chunk")) return [frame];
    const n = (seen.get(connection.number) ?? 0) + 1;
    seen.set(connection.number, n);
    return n === 2 ? [] : [frame];
  };
}
const rewrite =
  (type: string, change: (value: Record<string, unknown>) => Record<string, unknown>): Faults["toClient"] =>
  (frame) =>
    typed(frame, type) ? [frameOf(change(json(frame)))] : [frame];
const errorCode = (from: string, to: string) =>
  rewrite("error", (e) => (e.code === from ? { ...e, code: to } : e));
const dropTurnlessErrors: Faults["toClient"] = (frame) =>
  typed(frame, "error") && !json(frame).turnId ? [] : [frame];
const dropBasicErrors: Faults["toClient"] = (frame) =>
  isJson(frame) && "error" in json(frame) ? [] : [frame];

type Case = [name: string, faults: Faults, ids: string[], reason: RegExp];

describe("at full, against the built-in agent", () => {
  it("level-detect fails when the hello is missing", async () => {
    const proxy = await startFaultProxy(agent.httpUrl, { toClient: (f) => (typed(f, "session") ? [] : [f]) });
    try {
      const report = await runConformance(urlTarget(proxy.wsUrl), OPTIONS);
      expect(report.checks[0]).toMatchObject({
        id: "level-detect",
        status: "fail",
        reason: /"turn" message/,
      });
      expect(report.level).toBe("none");
      expect(report.checks.slice(1).every((c) => c.status === "skip")).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it.each<Case>([
    [
      "a hello with another version",
      { toClient: rewrite("session", (s) => ({ ...s, protocolVersion: 99 })) },
      ["hello"],
      /protocol version 99/,
    ],
    [
      "a lost chunk",
      { toClient: dropSecondChunk() },
      ["answer-streams"],
      /fullResponse is not the chunks joined/,
    ],
    [
      'an {"inputText"} the agent cannot read',
      { toAgent: (f) => (f.text.includes("inputText") ? [frameOf({ inputText: 5 })] : [f]) },
      ["inputtext-prompt"],
      /refused the prompt: invalid_message/,
    ],
    [
      "a partial answer lost on interruption",
      { toClient: rewrite("interrupted", (i) => ({ ...i, partialResponse: "" })) },
      ["new-prompt-interrupts"],
      /partialResponse is not the chunks sent/,
    ],
    [
      "a chunk after the interruption",
      {
        toClient: (f) => {
          if (!typed(f, "interrupted")) return [f];
          const i = json(f);
          return [f, frameOf({ type: "chunk", seq: Number(i.seq) + 1, turnId: i.turnId, data: " more" })];
        },
      },
      ["explicit-interrupt"],
      /"chunk" of the interrupted turn arrived after "interrupted"/,
    ],
    [
      "a replayed message lost",
      { toClient: (f, c) => (c.sessionConnection === 2 && c.toClientCount === 3 ? [] : [f]) },
      ["resume"],
      /stream messages? missing/,
    ],
    [
      "a replayed message sent twice",
      { toClient: (f, c) => (c.sessionConnection === 2 && c.toClientCount === 2 ? [f, f] : [f]) },
      ["resume"],
      /stream seq (\d+) came after \1/,
    ],
    [
      "malformed JSON misreported",
      { toClient: errorCode("invalid_json", "internal") },
      ["malformed-json"],
      /code is internal, not invalid_json/,
    ],
    [
      "a binary frame ignored",
      { toAgent: (f) => (f.binary ? [] : [f]) },
      ["binary-frame"],
      /"error" with code \w+ did not come/,
    ],
    [
      "an empty prompt ignored",
      { toClient: dropTurnlessErrors },
      ["missing-input"],
      /"error" with code invalid_message did not come/,
    ],
    [
      "an oversize frame ignored",
      { toAgent: (f) => (f.text.length > MAX_INBOUND_FRAME_BYTES ? [] : [f]) },
      ["oversize-frame"],
      /the refusal did not come/,
    ],
    [
      "an oversize prompt misreported",
      { toClient: errorCode("invalid_message", "internal") },
      ["oversize-prompt"],
      /not invalid_message/,
    ],
    ["WebSocket pings unanswered", { autoPong: false }, ["ws-ping"], /no pong within/],
    [
      "a pong with another nonce",
      { toClient: rewrite("pong", (p) => ({ ...p, nonce: "other" })) },
      ["app-ping"],
      /nonce is "other"/,
    ],
    [
      "a /ping that never says HealthyBusy",
      { ping: () => JSON.stringify({ status: "Healthy", time_of_last_update: 1 }) },
      ["container-ping"],
      /said Healthy while an answer was streaming/,
    ],
    [
      "a turn echo over 8 KB",
      { toClient: rewrite("turn", (t) => ({ ...t, prompt: "x".repeat(9000) })) },
      ["frame-size"],
      /over 8192 bytes/,
    ],
    [
      "a chunk with a field the protocol does not have",
      { toClient: rewrite("chunk", (c) => ({ ...c, extra: 1 })) },
      ["answer-streams", "frame-schema"],
      /frames outside the full level/,
    ],
  ])("%s makes the check fail", async (_name, faults, ids, reason) => {
    const results = await run(agent, "full", faults, ids);
    const last = results.at(-1);
    expect(last).toMatchObject({ id: ids.at(-1), status: "fail" });
    expect(last?.reason).toMatch(reason);
  });
});

describe("at basic, against the articles' agent", () => {
  it("level-detect fails when the reply carries a seq", async () => {
    const proxy = await startFaultProxy(basic.httpUrl, {
      toClient: (f, c) => (c.toClientCount === 1 ? [frameOf({ ...json(f), seq: 1 })] : [f]),
    });
    try {
      const report = await runConformance(urlTarget(proxy.wsUrl), OPTIONS);
      expect(report.checks[0]).toMatchObject({ id: "level-detect", status: "fail", reason: /neither/ });
      expect(report.level).toBe("none");
    } finally {
      await proxy.close();
    }
  });

  it.each<Case>([
    [
      "a lost chunk",
      { toClient: dropSecondChunk() },
      ["answer-streams"],
      /fullResponse is not the chunks joined/,
    ],
    [
      "a partial answer that is not what was sent",
      { toClient: rewrite("interrupted", (i) => ({ ...i, partialResponse: "something else" })) },
      ["new-prompt-interrupts"],
      /partialResponse does not start with the chunks sent/,
    ],
    [
      "malformed JSON unanswered",
      { toClient: dropBasicErrors },
      ["malformed-json"],
      /\{"error"\} frame did not come/,
    ],
    [
      "a binary frame unanswered",
      { toAgent: (f) => (f.binary ? [] : [f]) },
      ["binary-frame"],
      /\{"error"\} frame did not come/,
    ],
    [
      "a socket that stops reading after a missing inputText",
      { toClient: (f, c) => (c.toClientCount >= 2 ? [] : [f]) },
      ["missing-input"],
      /\{"error"\} for \{\} did not come/,
    ],
    ["WebSocket pings unanswered", { autoPong: false }, ["ws-ping"], /no pong within/],
    [
      "a /ping of another shape",
      { ping: () => JSON.stringify({ status: "OK" }) },
      ["container-ping"],
      /not \{"status"/,
    ],
    [
      "a /ping whose time moves at every call",
      {
        ping: () => JSON.stringify({ status: "Healthy", time_of_last_update: Math.floor(Date.now() / 1000) }),
      },
      ["container-ping"],
      /time_of_last_update moved/,
    ],
    [
      "a frame over 32 KB",
      { toClient: rewrite("chunk", (c) => ({ ...c, data: "x".repeat(40_000) })) },
      ["answer-streams", "frame-size"],
      /over 32768 bytes/,
    ],
    [
      "a chunk with a seq",
      { toClient: rewrite("chunk", (c) => ({ ...c, seq: 1 })) },
      ["answer-streams", "frame-schema"],
      /frames outside the basic level/,
    ],
  ])("%s makes the check fail", async (_name, faults, ids, reason) => {
    const results = await run(basic, "basic", faults, ids);
    const last = results.at(-1);
    expect(last).toMatchObject({ id: ids.at(-1), status: "fail" });
    expect(last?.reason).toMatch(reason);
  });

  it("an oversize frame ignored is only a warning at basic", async () => {
    const [result] = await run(
      basic,
      "basic",
      { toAgent: (f) => (f.text.length > MAX_INBOUND_FRAME_BYTES ? [] : [f]) },
      ["oversize-frame"],
    );
    expect(result).toMatchObject({ status: "warn", required: false, reason: /no error and no 1009 close/ });
  });

  it("checks the basic level has no rule for are skipped with the reason", async () => {
    const results = await run(basic, "basic", {}, ["hello", "resume", "explicit-interrupt", "app-ping"]);
    expect(results.map((r) => r.status)).toEqual(["skip", "skip", "skip", "skip"]);
    expect(results[1]?.reason).toMatch(/no resume/);
  });
});
