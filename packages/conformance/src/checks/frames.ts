/**
 * Checks over every frame the agent sent during the run, on every connection, so they run last.
 * `frame-size`: no frame over the level's limit (8 KB `MAX_FRAME_BYTES` for full, after a probe with a
 * prompt of 9,216 characters whose `turn` echo must be cut to fit; 32 KB `BASIC_MAX_FRAME_BYTES` for basic).
 * `frame-schema`: every frame is one the level allows (text, JSON, the level's strict schemas), so nothing an
 * agent sends needs to be trusted beyond them.
 */
import {
  BASIC_MAX_FRAME_BYTES,
  MAX_FRAME_BYTES,
  MAX_PROMPT_CHARS,
  type ProtocolLevel,
  parseAgentMessage,
  parseBasicAgentFrame,
} from "@interject/protocol";
import { type Check, type CheckContext, fail, type LevelRule, pass } from "../check.ts";
import { excerpt } from "../errors.ts";
import type { ReceivedFrame } from "../frame-log.ts";
import { readTurn } from "../full-wire.ts";
import { openFull, promptMessage } from "./helpers.ts";

/** A prompt that fits the protocol (at most MAX_PROMPT_CHARS) but not one 8 KB frame. */
const LONG_PROMPT_CHARS = Math.min(MAX_PROMPT_CHARS, MAX_FRAME_BYTES + 1024);

/** Sends the long prompt, waits for its `turn` message and stops the answer. */
async function longPromptProbe(context: CheckContext): Promise<void> {
  const session = await openFull(context);
  const words = "Please ignore this padding, which only makes the prompt long. ";
  const text = words.repeat(Math.ceil(LONG_PROMPT_CHARS / words.length)).slice(0, LONG_PROMPT_CHARS);
  if (text.length > MAX_PROMPT_CHARS) throw new Error("the probe prompt is over the protocol's limit");
  const prompt = promptMessage(text);
  session.connection.sendJson(prompt);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    session.connection.sendJson({ type: "interrupt" });
  };
  // Stop at the first chunk (the turn echo is what this probe is for).
  await readTurn(session.reader, {
    promptId: prompt.id,
    timeoutMs: context.options.answerTimeoutMs,
    onChunk: stop,
  });
}

function sizeRule(level: ProtocolLevel, limit: number): LevelRule {
  return {
    required: true,
    run: async (context) => {
      if (level === "full") await longPromptProbe(context);
      const frames = context.log.frames;
      const over = frames.filter((frame) => frame.bytes > limit);
      const largest = Math.max(0, ...frames.map((frame) => frame.bytes));
      if (over.length === 0) {
        return pass(`${frames.length} frames, the largest ${largest} bytes (limit ${limit})`);
      }
      const worst = over.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      return fail(
        `${over.length} of ${frames.length} frames over ${limit} bytes; the largest, ${worst.bytes} bytes during ${worst.check}: ${excerpt(worst.text, 80)}`,
      );
    },
  };
}

function violation(level: ProtocolLevel, frame: ReceivedFrame): string | null {
  if (frame.binary) return `a binary frame of ${frame.bytes} bytes`;
  const parsed = level === "full" ? parseAgentMessage(frame.text) : parseBasicAgentFrame(frame.text);
  return parsed.ok ? null : `${parsed.error.message} (${excerpt(frame.text, 80)})`;
}

function schemaRule(level: ProtocolLevel): LevelRule {
  return {
    required: true,
    run: async (context) => {
      const frames = context.log.frames;
      const bad = frames
        .map((frame) => ({ frame, why: violation(level, frame) }))
        .filter((entry) => entry.why !== null);
      const first = bad[0];
      if (!first) return pass(`all ${frames.length} frames match the ${level} level's schemas`);
      return fail(
        `${bad.length} of ${frames.length} frames outside the ${level} level; first, during ${first.frame.check}: ${first.why}`,
      );
    },
  };
}

export const frameSize: Check = {
  id: "frame-size",
  title: "no frame over the level's size limit",
  full: sizeRule("full", MAX_FRAME_BYTES),
  basic: sizeRule("basic", BASIC_MAX_FRAME_BYTES),
};

export const frameSchema: Check = {
  id: "frame-schema",
  title: "every frame matches the level's schemas",
  full: schemaRule("full"),
  basic: schemaRule("basic"),
};
