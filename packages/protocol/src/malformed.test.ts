/** Malformed input of every kind yields a typed error and never throws. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_INBOUND_FRAME_BYTES,
  MAX_PROMPT_CHARS,
  parseAgentMessage,
  parseClientMessage,
  parseIngestBatch,
} from "./index.ts";

function errorCode(text: string): string | undefined {
  const result = parseClientMessage(text);
  return result.ok ? undefined : result.error.code;
}

describe("malformed client frames", () => {
  it.each([
    ["not JSON", "hello", "invalid_json"],
    ["truncated JSON", '{"type":"prompt"', "invalid_json"],
    ["empty frame", "", "invalid_json"],
    ["a JSON array", "[1,2]", "unknown_type"],
    ["a JSON string", '"prompt"', "unknown_type"],
    ["null", "null", "unknown_type"],
    ["no type", '{"text":"hi"}', "unknown_type"],
    ["unknown type", '{"type":"shout","text":"hi"}', "unknown_type"],
    ["type of the wrong kind", '{"type":7}', "unknown_type"],
    ["wrong field type", '{"type":"prompt","id":"p","text":5}', "invalid_message"],
    ["missing field", '{"type":"prompt","id":"p"}', "invalid_message"],
    ["empty prompt", '{"type":"prompt","id":"p","text":""}', "invalid_message"],
    ["extra field", '{"type":"ping","extra":1}', "invalid_message"],
    ["negative afterSeq", '{"type":"resume","afterSeq":-1}', "invalid_message"],
    ["fractional afterSeq", '{"type":"resume","afterSeq":1.5}', "invalid_message"],
    ["bad decision", '{"type":"approval","requestId":"r","decision":"maybe"}', "invalid_message"],
    ["seed form with extra field", '{"inputText":"hi","admin":true}', "invalid_message"],
    ["seed form with wrong type", '{"inputText":42}', "invalid_message"],
    ["__proto__ key", '{"type":"ping","__proto__":{"polluted":true}}', "forbidden_key"],
    ["nested __proto__", '{"inputText":"x","a":{"__proto__":{}}}', "forbidden_key"],
    ["constructor.prototype", '{"type":"ping","constructor":{"prototype":{"x":1}}}', "forbidden_key"],
    [
      "__proto__ spelled with escapes",
      '{"type":"ping","\\u005f_proto__":{"polluted":true}}',
      "forbidden_key",
    ],
    ["constructor spelled with escapes", '{"inputText":"x","\\u0063onstructor":{}}', "forbidden_key"],
  ])("%s", (_name, text, code) => {
    expect(errorCode(text)).toBe(code);
  });

  it("answers a binary frame with its own code, whatever its bytes", () => {
    for (const bytes of [
      new Uint8Array(),
      new TextEncoder().encode('{"type":"ping"}'),
      new Uint8Array([0, 255]),
    ]) {
      const result = parseClientMessage(bytes);
      expect(result.ok ? undefined : result.error.code).toBe("binary_frame");
      expect(result.ok ? "" : result.error.message).toMatch(/JSON text frame/);
    }
  });

  it("does not pollute Object.prototype", () => {
    parseClientMessage('{"type":"ping","__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses frames over the inbound limit before parsing them", () => {
    const huge = JSON.stringify({ type: "prompt", id: "p", text: "x".repeat(MAX_INBOUND_FRAME_BYTES) });
    expect(errorCode(huge)).toBe("frame_too_large");
  });

  it("refuses prompts longer than the limit", () => {
    const long = JSON.stringify({ type: "prompt", id: "p", text: "x".repeat(MAX_PROMPT_CHARS + 1) });
    expect(errorCode(long)).toBe("invalid_message");
  });

  it("says where the problem is", () => {
    const result = parseClientMessage('{"type":"prompt","id":"p","text":5}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues[0]?.path).toBe("text");
      expect(result.error.message).toMatch(/text/);
    }
  });

  it("never throws and always answers a typed result, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const client = parseClientMessage(text);
          const agent = parseAgentMessage(text);
          for (const result of [client, agent]) {
            if (!result.ok) {
              expect([
                "invalid_json",
                "frame_too_large",
                "forbidden_key",
                "unknown_type",
                "invalid_message",
              ]).toContain(result.error.code);
              expect(result.error.message.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("rejects any client message object with one field of the wrong type", () => {
    const validPrompt = { type: "prompt", id: "p1", text: "hi" };
    // Keys such as "prototype" are refused as forbidden_key before the shape is checked (tested above).
    const allowedKey = fc.string().filter((k) => !["__proto__", "constructor", "prototype"].includes(k));
    const wrongValues = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.object({ key: allowedKey }),
    );
    fc.assert(
      fc.property(fc.constantFrom("id", "text"), wrongValues, (field, value) => {
        expect(errorCode(JSON.stringify({ ...validPrompt, [field]: value }))).toBe("invalid_message");
      }),
    );
  });
});

describe("malformed agent frames and batches", () => {
  it("rejects an agent message with an unknown trace kind", () => {
    const text = JSON.stringify({ type: "trace", seq: 1, turnId: "t", trace: { kind: "gossip", at: 0 } });
    const result = parseAgentMessage(text);
    expect(result.ok ? undefined : result.error.code).toBe("invalid_message");
  });

  it("rejects an ingest batch with a connection message in it", () => {
    const result = parseIngestBatch({
      protocolVersion: 1,
      events: [{ sessionId: "s".repeat(40), message: { type: "pong", seq: 1, at: 0 } }],
    });
    expect(result.ok).toBe(false);
  });

  it("rejects an empty ingest batch and a session id that is empty, too long or not plain text", () => {
    expect(parseIngestBatch({ protocolVersion: 1, events: [] }).ok).toBe(false);
    for (const sessionId of ["", "x".repeat(257), "has spaces", "slash/in/it"]) {
      const batch = {
        protocolVersion: 1,
        events: [{ sessionId, message: { type: "chunk", seq: 1, turnId: "t", data: "x" } }],
      };
      expect(parseIngestBatch(batch).ok, sessionId).toBe(false);
    }
  });
});
