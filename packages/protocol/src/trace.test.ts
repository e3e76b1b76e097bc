/** Trace visibility: users see milestones and their approval verdicts; admins see every kind. */
import { describe, expect, it } from "vitest";
import { TRACE_KINDS, traceVisibleAt } from "./index.ts";

describe("traceVisibleAt", () => {
  it("shows only milestones and approval verdicts at the milestones level", () => {
    expect(TRACE_KINDS.filter((kind) => traceVisibleAt(kind, "milestones"))).toEqual([
      "milestone",
      "approval",
    ]);
  });

  it("shows every kind at the full level", () => {
    expect(TRACE_KINDS.every((kind) => traceVisibleAt(kind, "full"))).toBe(true);
    expect(TRACE_KINDS).toEqual(
      expect.arrayContaining([
        "milestone",
        "reasoning",
        "tool_call",
        "tool_result",
        "model_call",
        "interruption",
        "approval",
      ]),
    );
  });
});
