/**
 * Parsing at every boundary. These functions never throw: bad input of any kind (not JSON, too large, an
 * unknown `type`, wrong field types, extra fields, `__proto__` keys) comes back as a typed error that says
 * what was wrong, so a peer can answer with an error frame and keep the connection.
 */
import type { z } from "zod";
import { AgentMessage, type AgentMessage as AgentMessageT, type ErrorCode } from "./agent-messages.ts";
import {
  CLIENT_MESSAGE_TYPES,
  ClientMessage,
  type ClientMessage as ClientMessageT,
  SeedPromptMessage,
} from "./client-messages.ts";
import { IngestBatch, type IngestBatch as IngestBatchT } from "./ingest.ts";
import { MAX_INBOUND_FRAME_BYTES } from "./limits.ts";
import { utf8ByteLength } from "./split-text.ts";

/** The error codes parsing can answer with: a subset of the protocol's `ErrorCode`. */
export type ParseErrorCode = Extract<
  ErrorCode,
  "invalid_json" | "binary_frame" | "frame_too_large" | "forbidden_key" | "unknown_type" | "invalid_message"
>;

export interface ParseIssue {
  /** Where in the message, e.g. `text` or `events.3.message.seq`. */
  path: string;
  message: string;
}

export interface ParseError {
  code: ParseErrorCode;
  /** One sentence for people: what was wrong and what to do. */
  message: string;
  issues: ParseIssue[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const SUSPECT = /__proto__|constructor|prototype|\\u/;

function fail(
  code: ParseErrorCode,
  message: string,
  issues: ParseIssue[] = [],
): { ok: false; error: ParseError } {
  return { ok: false, error: { code, message, issues } };
}

/**
 * `JSON.parse` that refuses keys able to pollute prototypes anywhere in the document, and size above
 * `maxBytes`. Returns the plain value, still untrusted.
 */
export function parseJson(text: string, maxBytes: number = MAX_INBOUND_FRAME_BYTES): ParseResult<unknown> {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit; count exactly only when it could matter.
  if (text.length * 3 > maxBytes && utf8ByteLength(text) > maxBytes) {
    return fail("frame_too_large", `The message is larger than ${maxBytes} bytes; send a shorter one.`);
  }
  let forbidden: string | undefined;
  let value: unknown;
  try {
    // A forbidden key can only be there if its name is in the text, or spelled with \u escapes: only then
    // is every key looked at (a reviver makes JSON.parse several times slower, on every frame).
    value = SUSPECT.test(text)
      ? JSON.parse(text, (key, v) => {
          if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
          return v;
        })
      : JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return fail("invalid_json", `The message is not valid JSON (${detail}); send one JSON object.`);
  }
  if (forbidden !== undefined) {
    return fail("forbidden_key", `The key "${forbidden}" is not allowed anywhere in a message.`, [
      { path: forbidden, message: "forbidden key" },
    ]);
  }
  return { ok: true, value };
}

function issuesOf(error: z.ZodError): ParseIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): ParseResult<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues = issuesOf(result.error);
  const first = issues[0];
  const where = first ? ` (${first.path || "message"}: ${first.message})` : "";
  return fail("invalid_message", `The ${what} does not match the protocol${where}.`, issues);
}

function typeOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as { type?: unknown }).type
    : undefined;
}

/** Parses a value already decoded from JSON as a client message (including the seed `inputText` form). */
export function parseClientValue(
  value: unknown,
  newId: () => string = () => crypto.randomUUID(),
): ParseResult<ClientMessageT> {
  const type = typeOf(value);
  if (type === undefined && typeof value === "object" && value !== null && "inputText" in value) {
    const seed = validate(SeedPromptMessage, value, "prompt");
    if (!seed.ok) return seed;
    return { ok: true, value: { type: "prompt", id: newId(), text: seed.value.inputText } };
  }
  if (typeof type !== "string" || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) {
    return fail(
      "unknown_type",
      `Unknown message type ${JSON.stringify(type) ?? "(none)"}; expected one of ${CLIENT_MESSAGE_TYPES.join(", ")} or {"inputText": "..."}.`,
      [{ path: "type", message: "unknown type" }],
    );
  }
  return validate(ClientMessage, value, `"${type}" message`);
}

/**
 * Parses one WebSocket frame from a client: a text frame as a string, a binary frame as its bytes (always
 * refused with `binary_frame`: the protocol is JSON text frames only). Never throws.
 */
export function parseClientMessage(
  frame: string | Uint8Array,
  newId?: () => string,
): ParseResult<ClientMessageT> {
  if (typeof frame !== "string") {
    return fail(
      "binary_frame",
      "Binary frames are not part of the protocol; send each message as a JSON text frame.",
    );
  }
  const json = parseJson(frame);
  return json.ok ? parseClientValue(json.value, newId) : json;
}

/** Parses one WebSocket text frame from the agent. Never throws. */
export function parseAgentMessage(text: string): ParseResult<AgentMessageT> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const type = typeOf(json.value);
  if (typeof type !== "string" || !AgentMessage.options.some((o) => o.shape.type.value === type)) {
    return fail("unknown_type", `Unknown agent message type ${JSON.stringify(type) ?? "(none)"}.`, [
      { path: "type", message: "unknown type" },
    ]);
  }
  return validate(AgentMessage, json.value, `"${type}" message`);
}

/** Parses an ingest batch body (already decoded from JSON, e.g. by a validator middleware). */
export function parseIngestBatch(value: unknown): ParseResult<IngestBatchT> {
  return validate(IngestBatch, value, "event batch");
}

/** Parses an ingest batch request body from its text, refusing bodies over `maxBytes`. */
export function parseIngestBatchText(text: string, maxBytes: number): ParseResult<IngestBatchT> {
  const json = parseJson(text, maxBytes);
  return json.ok ? parseIngestBatch(json.value) : json;
}
