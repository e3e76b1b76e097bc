/**
 * Protocol levels, and how a client learns an agent's level from its first frames. `basic` is the AgentCore
 * articles' wire (basic-frames.ts); `full` is this package's protocol (hello, seq, resume, traces, approvals,
 * interrupt). See README.md, "Protocol levels", for what each level promises.
 */
import { z } from "zod";
import { parseBasicAgentFrame } from "./basic-frames.ts";
import { parseAgentMessage } from "./parse.ts";

/** Levels from the least to the most capable: compare them by index. */
export const ProtocolLevel = z.enum(["basic", "full"]);
export type ProtocolLevel = z.infer<typeof ProtocolLevel>;

/**
 * The level an agent is registered with in the agents registry: a known level, or `detect` (the client learns
 * it from the first frames, `detectProtocolLevel` below). The broker's `GET /api/agents` and each connection
 * grant carry it.
 */
export const AgentProtocolLevel = z.enum([...ProtocolLevel.options, "detect"]);
export type AgentProtocolLevel = z.infer<typeof AgentProtocolLevel>;

/** Whether `level` offers at least what `minimum` does. */
export function levelAtLeast(level: ProtocolLevel, minimum: ProtocolLevel): boolean {
  return ProtocolLevel.options.indexOf(level) >= ProtocolLevel.options.indexOf(minimum);
}

/**
 * How long a client waits for a full agent's `session` hello before it takes the agent for a basic one. A full
 * agent sends the hello as soon as its session is open (milliseconds, or a little more while it restores a
 * session's history from the broker); a basic agent sends nothing until it is prompted.
 */
export const LEVEL_DETECTION_TIMEOUT_MS = 3000;

export interface LevelObservation {
  /** The first frame the agent sent on this connection, or null while none has arrived. */
  firstFrame: string | ArrayBuffer | ArrayBufferView | null;
  /** Milliseconds since the socket opened. */
  elapsedMs: number;
  /** Whether the client has sent its first prompt (as `{"inputText": "..."}`, which both levels accept). */
  prompted: boolean;
}

export type LevelDetection =
  /** The level is known. */
  | { kind: "detected"; level: ProtocolLevel }
  /** Nothing yet, within the timeout: keep waiting. */
  | { kind: "wait" }
  /** Silent past the timeout, so not a full agent: send the first prompt as `{"inputText"}` and detect from the reply. */
  | { kind: "prompt" }
  /** The first frame fits neither level: the agent speaks no protocol Interject knows. */
  | { kind: "unknown"; reason: string };

/**
 * Decides an agent's level from what a client has seen on a fresh connection. Pure: call it again whenever a
 * frame arrives or time passes. A `session` hello means `full`, even when it comes after the timeout (a full
 * agent slow to restore its session still sends it before anything else); a first frame that is a basic
 * frame means `basic`.
 */
export function detectProtocolLevel(observation: LevelObservation): LevelDetection {
  const { firstFrame, elapsedMs, prompted } = observation;
  if (firstFrame === null) {
    if (prompted || elapsedMs < LEVEL_DETECTION_TIMEOUT_MS) return { kind: "wait" };
    return { kind: "prompt" };
  }
  if (typeof firstFrame !== "string") {
    return { kind: "unknown", reason: "the first frame is binary; both levels send JSON text frames" };
  }
  const full = parseAgentMessage(firstFrame);
  if (full.ok) {
    if (full.value.type === "session") return { kind: "detected", level: "full" };
    return {
      kind: "unknown",
      reason: `the first frame is a "${full.value.type}" message; a full agent sends its "session" hello first`,
    };
  }
  const basic = parseBasicAgentFrame(firstFrame);
  if (basic.ok) return { kind: "detected", level: "basic" };
  return {
    kind: "unknown",
    reason: `the first frame is neither a full "session" hello nor a basic frame (${basic.error.message})`,
  };
}
