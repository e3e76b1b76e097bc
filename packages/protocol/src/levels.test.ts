/** The basic level's strict frames and the level detector. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BASIC_MAX_FRAME_BYTES,
  detectProtocolLevel,
  LEVEL_DETECTION_TIMEOUT_MS,
  levelAtLeast,
  ProtocolLevel,
  parseBasicAgentFrame,
} from "./index.ts";

const hello = JSON.stringify({
  type: "session",
  seq: 0,
  sessionId: "conformance-00000000-0000-4000-8000-000000000000",
  protocolVersion: 1,
  resumed: false,
  lastSeq: 0,
  traceLevel: "full",
  activeTurnId: null,
});

describe("basic frames", () => {
  it.each([
    ['{"type":"chunk","data":"Hel"}', { type: "chunk", data: "Hel" }],
    ['{"type":"chunk","data":""}', { type: "chunk", data: "" }],
    ['{"type":"complete","fullResponse":"Hello"}', { type: "complete", fullResponse: "Hello" }],
    ['{"type":"interrupted","partialResponse":"He"}', { type: "interrupted", partialResponse: "He" }],
    ['{"error":"inputText が見つかりません"}', { error: "inputText が見つかりません" }],
  ])("accepts the articles' frame %s", (text, value) => {
    expect(parseBasicAgentFrame(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["a full chunk (seq, turnId)", '{"type":"chunk","seq":3,"turnId":"t","data":"x"}', "invalid_message"],
    ["a full error (type, code)", '{"type":"error","seq":0,"error":"x","code":"internal"}', "unknown_type"],
    ["an extra field", '{"type":"complete","fullResponse":"x","usage":{}}', "invalid_message"],
    ["an error with a type", '{"error":"x","type":"chunk"}', "invalid_message"],
    ["a missing field", '{"type":"interrupted"}', "invalid_message"],
    ["a wrong field type", '{"type":"chunk","data":5}', "invalid_message"],
    ["an unknown type", '{"type":"pong"}', "unknown_type"],
    ["an array", "[]", "invalid_message"],
    ["a string", '"chunk"', "invalid_message"],
    ["not JSON", "{", "invalid_json"],
    ["a forbidden key", '{"error":"x","__proto__":{}}', "forbidden_key"],
  ])("refuses %s", (_name, text, code) => {
    const result = parseBasicAgentFrame(text);
    expect(result.ok ? "ok" : result.error.code).toBe(code);
  });

  it("never throws, and whatever it accepts is exactly one of the four frames", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({ type: fc.constantFrom("chunk", "complete", "interrupted"), data: fc.string() })
            .map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = parseBasicAgentFrame(text);
          if (!result.ok) return;
          const keys = Object.keys(result.value).sort().join(",");
          expect(["data,type", "fullResponse,type", "partialResponse,type", "error"]).toContain(keys);
        },
      ),
    );
  });

  it("refuses a frame over the basic limit", () => {
    const text = JSON.stringify({ type: "complete", fullResponse: "x".repeat(BASIC_MAX_FRAME_BYTES) });
    const result = parseBasicAgentFrame(text);
    expect(result.ok ? "ok" : result.error.code).toBe("frame_too_large");
  });
});

describe("detectProtocolLevel", () => {
  it("takes a session hello for full, even a late one", () => {
    expect(detectProtocolLevel({ firstFrame: hello, elapsedMs: 5, prompted: false })).toEqual({
      kind: "detected",
      level: "full",
    });
    expect(detectProtocolLevel({ firstFrame: hello, elapsedMs: 10_000, prompted: true })).toEqual({
      kind: "detected",
      level: "full",
    });
  });

  it("waits for the hello until the timeout, then asks for a prompt", () => {
    const silent = { firstFrame: null, prompted: false };
    expect(detectProtocolLevel({ ...silent, elapsedMs: LEVEL_DETECTION_TIMEOUT_MS - 1 })).toEqual({
      kind: "wait",
    });
    expect(detectProtocolLevel({ ...silent, elapsedMs: LEVEL_DETECTION_TIMEOUT_MS })).toEqual({
      kind: "prompt",
    });
    expect(detectProtocolLevel({ firstFrame: null, elapsedMs: 60_000, prompted: true })).toEqual({
      kind: "wait",
    });
  });

  it("takes a seq-less reply for basic", () => {
    for (const frame of ['{"type":"chunk","data":"Hi"}', '{"error":"inputText が見つかりません"}']) {
      expect(detectProtocolLevel({ firstFrame: frame, elapsedMs: 3500, prompted: true })).toEqual({
        kind: "detected",
        level: "basic",
      });
    }
  });

  it.each([
    ["a full message other than the hello", '{"type":"pong","seq":0,"at":1}'],
    ["a chunk with a seq", '{"type":"chunk","seq":1,"turnId":"t","data":"x"}'],
    ["not JSON", "hello"],
    ["an unknown shape", '{"message":"hi"}'],
  ])("reports %s as unknown", (_name, frame) => {
    const result = detectProtocolLevel({ firstFrame: frame, elapsedMs: 10, prompted: true });
    expect(result.kind).toBe("unknown");
  });

  it("reports a binary first frame as unknown", () => {
    const result = detectProtocolLevel({ firstFrame: new Uint8Array([1]), elapsedMs: 1, prompted: false });
    expect(result).toMatchObject({ kind: "unknown", reason: expect.stringContaining("binary") });
  });
});

describe("levels", () => {
  it("orders basic below full", () => {
    expect(ProtocolLevel.options).toEqual(["basic", "full"]);
    expect(levelAtLeast("full", "basic")).toBe(true);
    expect(levelAtLeast("basic", "basic")).toBe(true);
    expect(levelAtLeast("basic", "full")).toBe(false);
  });
});
