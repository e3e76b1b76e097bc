/** The turn a browser reports for a basic agent: strict, limited, and consistent between status and reason. */
import { describe, expect, it } from "vitest";
import {
  MAX_PROMPT_CHARS,
  MAX_REPORTED_RESPONSE_CHARS,
  MAX_REPORTED_TURN_BYTES,
  ReportedTurn,
} from "./index.ts";

const base = {
  turnId: "0f8fad5b-d9cb-469f-a165-70867728950e",
  prompt: "hello",
  response: "You said hello.",
  status: "complete",
  stopReason: null,
  startedAt: 1_800_000_000_000,
  endedAt: 1_800_000_001_000,
} as const;

describe("ReportedTurn", () => {
  it("takes a finished turn, and an interrupted one with its reason", () => {
    expect(ReportedTurn.safeParse(base).success).toBe(true);
    for (const stopReason of ["user", "new_prompt", "cut_off"] as const) {
      expect(ReportedTurn.safeParse({ ...base, status: "interrupted", stopReason }).success).toBe(true);
    }
    expect(ReportedTurn.safeParse({ ...base, status: "error", response: "" }).success).toBe(true);
  });

  it.each([
    ["a streaming turn", { status: "streaming" }],
    ["an interrupted turn without a reason", { status: "interrupted" }],
    ["a reason on a complete turn", { stopReason: "user" }],
    ["an unknown reason", { status: "interrupted", stopReason: "bored" }],
    ["a turn id that is not a UUID", { turnId: "t1" }],
    ["an empty prompt", { prompt: "" }],
    ["a prompt over the limit", { prompt: "x".repeat(MAX_PROMPT_CHARS + 1) }],
    ["an answer over the limit", { response: "x".repeat(MAX_REPORTED_RESPONSE_CHARS + 1) }],
    ["an end before the start", { endedAt: base.startedAt - 1 }],
    ["an extra field", { reportedBy: "agent" }],
  ])("refuses %s", (_what, patch) => {
    expect(ReportedTurn.safeParse({ ...base, ...patch }).success).toBe(false);
  });

  it("fits the body limit at its longest, even in control characters", () => {
    const longest = {
      ...base,
      prompt: "\u0001".repeat(MAX_PROMPT_CHARS),
      response: "\u0001".repeat(MAX_REPORTED_RESPONSE_CHARS),
    };
    expect(ReportedTurn.safeParse(longest).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(longest))).toBeLessThan(MAX_REPORTED_TURN_BYTES);
  });
});
