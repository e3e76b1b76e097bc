/** The turn reporter: one report per ended turn, in order, retried after a failure, never after a refusal. */
import type { ReportedTurn } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import type { TurnView } from "./chat-state.ts";
import { TurnReportRefused } from "./errors.ts";
import { newTurn } from "./stream-reducer.ts";
import { TurnReporter, toReportedTurn } from "./turn-reporter.ts";

const T = 1_800_000_000_000;
const FAST = { baseDelayMs: 1, maxDelayMs: 2, factor: 2 };

function ended(id: string, fields: Partial<TurnView> = {}): TurnView {
  return newTurn({
    turnId: `00000000-0000-4000-8000-00000000000${id}`,
    prompt: `prompt ${id}`,
    text: `answer ${id}`,
    status: "complete",
    startedAt: T,
    endedAt: T + 10,
    ...fields,
  });
}

describe("toReportedTurn", () => {
  it("reports ended turns only, with the stop reason of an interrupted one and a capped answer", () => {
    expect(toReportedTurn(ended("1", { status: "streaming" }))).toBeNull();
    expect(toReportedTurn(ended("1", { status: "pending" }))).toBeNull();
    expect(toReportedTurn(ended("1", { status: "interrupted", interruptReason: "cut_off" }))).toMatchObject({
      status: "interrupted",
      stopReason: "cut_off",
    });
    expect(toReportedTurn(ended("1", { text: "x".repeat(200_000) }))?.response).toHaveLength(100_000);
    expect(toReportedTurn(ended("1", { status: "error" }))).toMatchObject({
      status: "error",
      stopReason: null,
    });
  });
});

describe("TurnReporter", () => {
  it("delivers in the order the turns ended, retrying a failed report until it goes through", async () => {
    const delivered: string[] = [];
    let failures = 2;
    const reporter = new TurnReporter(
      async (turn: ReportedTurn) => {
        if (turn.prompt === "prompt 1" && failures-- > 0) throw new Error("network");
        delivered.push(turn.prompt);
      },
      { backoff: FAST },
    );
    reporter.add(ended("1"));
    reporter.add(ended("2"));
    reporter.add(ended("3", { status: "streaming" }));
    await reporter.settled();
    expect(delivered).toEqual(["prompt 1", "prompt 2"]);
  });

  it("gives up on a refused report at once, and on a failing one after its retries", async () => {
    const attempts = new Map<string, number>();
    const givenUp: string[] = [];
    const reporter = new TurnReporter(
      async (turn) => {
        attempts.set(turn.prompt, (attempts.get(turn.prompt) ?? 0) + 1);
        throw turn.prompt === "prompt 1" ? new TurnReportRefused("409") : new Error("500");
      },
      { backoff: FAST, retries: 3, onGiveUp: (turn) => givenUp.push(turn.prompt) },
    );
    reporter.add(ended("1"));
    reporter.add(ended("2"));
    await reporter.settled();
    expect(Object.fromEntries(attempts)).toEqual({ "prompt 1": 1, "prompt 2": 4 });
    expect(givenUp).toEqual(["prompt 1", "prompt 2"]);
  });
});
