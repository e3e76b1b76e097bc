/** Traces and approval requests with long text or input still fit in one 8 KB frame. */
import { jsonByteLength, MAX_FRAME_BYTES, parseAgentMessage, type StreamMessage } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { fitFrame } from "./fit-frame.ts";

const fits = (m: StreamMessage) => {
  const frame = JSON.stringify({ ...m, seq: Number.MAX_SAFE_INTEGER });
  expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  expect(parseAgentMessage(frame).ok).toBe(true);
};

describe("fitFrame", () => {
  it("leaves small messages alone", () => {
    const message: StreamMessage = { type: "chunk", seq: 1, turnId: "t", data: "hi" };
    expect(fitFrame(message)).toBe(message);
  });

  it("shortens a tool result in Japanese (3 bytes a character) and a reasoning step", () => {
    const output = "日本語の出力".repeat(660); // 3,960 characters, about 11.9 KB
    const result = fitFrame({
      type: "trace",
      seq: 1,
      turnId: "t",
      trace: {
        kind: "tool_result",
        at: 1,
        callId: "c",
        name: "search_knowledge",
        output,
        isError: false,
        durationMs: 1,
      },
    });
    fits(result);
    expect(
      result.type === "trace" &&
        result.trace.kind === "tool_result" &&
        output.startsWith(result.trace.output.slice(0, -1)),
    ).toBe(true);
    const reasoning = fitFrame({
      type: "trace",
      seq: 1,
      turnId: "t",
      trace: { kind: "reasoning", at: 1, rationale: "\u0001".repeat(3000) },
    });
    fits(reasoning);
  });

  it("replaces an oversized tool input by a preview, in traces and approval requests", () => {
    const input = { title: "x", body: 'é"'.repeat(2500) };
    expect(jsonByteLength(input)).toBeGreaterThan(MAX_FRAME_BYTES);
    const call = fitFrame({
      type: "trace",
      seq: 1,
      turnId: "t",
      trace: { kind: "tool_call", at: 1, callId: "c", name: "create_ticket", input },
    });
    fits(call);
    const approval = fitFrame({
      type: "approval_request",
      seq: 1,
      turnId: "t",
      requestId: "r",
      tool: "create_ticket",
      summary: "File a ticket",
      input,
      deadline: 1,
    });
    fits(approval);
    expect(approval).toMatchObject({ input: { truncated: expect.stringMatching(/^\{"title":"x"/) } });
  });

  it("keeps an image that fits, and summarises in the output one that does not, largest first", () => {
    const result = (data: string[]): StreamMessage => ({
      type: "trace",
      seq: 1,
      turnId: "t",
      trace: {
        kind: "tool_result",
        at: 1,
        callId: "c",
        name: "everything__get-tiny-image",
        output: "Here is an image:",
        isError: false,
        durationMs: 1,
        outcome: "completed",
        attachments: [
          ...data.map((d) => ({ type: "image" as const, mimeType: "image/png" as const, data: d })),
          { type: "resource_link", uri: "demo://resource/1", name: "one" },
        ],
      },
    });
    const small = result(["A".repeat(2000)]);
    expect(fitFrame(small)).toBe(small);
    const fitted = fitFrame(result(["B".repeat(3000), "C".repeat(7000)]));
    fits(fitted);
    const trace = fitted.type === "trace" && fitted.trace.kind === "tool_result" ? fitted.trace : null;
    expect(trace?.attachments?.map((a) => (a.type === "image" ? a.data[0] : a.uri))).toEqual([
      "B",
      "demo://resource/1",
    ]);
    expect(trace?.output).toBe("Here is an image:\n[image (image/png), 5250 bytes, too large for the trace]");
  });
});
