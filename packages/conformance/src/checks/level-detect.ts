/**
 * `level-detect`: which level the agent speaks, learned as a client learns it (the protocol's
 * `detectProtocolLevel`): a `session` hello at once means full; silence for `LEVEL_DETECTION_TIMEOUT_MS`, then a
 * seq-less basic frame in reply to `{"inputText"}`, means basic. Every other check runs at the level found here.
 */
import {
  detectProtocolLevel,
  LEVEL_DETECTION_TIMEOUT_MS,
  type LevelDetection,
  type ProtocolLevel,
} from "@interject/protocol";
import { type CheckContext, fail, type Outcome, pass } from "../check.ts";
import type { ReceivedFrame } from "../frame-log.ts";

export const LEVEL_DETECT_ID = "level-detect";
export const LEVEL_DETECT_TITLE = "the first frames say which level the agent speaks";

export interface Detection {
  level: ProtocolLevel | null;
  outcome: Outcome;
}

function firstFrame(frame: ReceivedFrame): string | Uint8Array {
  return frame.binary ? Buffer.from(frame.text, "latin1") : frame.text;
}

export async function detectLevel(context: CheckContext): Promise<Detection> {
  const connection = await context.connect();
  const opened = Date.now();
  let frame = await connection.nextOrNull(LEVEL_DETECTION_TIMEOUT_MS, "a first frame");
  let detection: LevelDetection = detectProtocolLevel({
    firstFrame: frame ? firstFrame(frame) : null,
    elapsedMs: frame ? Date.now() - opened : LEVEL_DETECTION_TIMEOUT_MS,
    prompted: false,
  });
  if (detection.kind === "prompt") {
    connection.sendJson({ inputText: context.options.prompt });
    frame = await connection.nextOrNull(context.options.answerTimeoutMs, "a reply to the first prompt");
    if (!frame) {
      const closed = connection.closed;
      return {
        level: null,
        outcome: fail(
          `no hello within ${LEVEL_DETECTION_TIMEOUT_MS} ms and no reply to {"inputText"} within ${context.options.answerTimeoutMs} ms${closed ? ` (the socket closed with ${closed.code})` : ""}`,
        ),
      };
    }
    detection = detectProtocolLevel({
      firstFrame: firstFrame(frame),
      elapsedMs: Date.now() - opened,
      prompted: true,
    });
  }
  switch (detection.kind) {
    case "detected":
      return {
        level: detection.level,
        outcome: pass(
          detection.level === "full"
            ? 'a "session" hello came first: the full protocol'
            : `no hello within ${LEVEL_DETECTION_TIMEOUT_MS} ms, and a seq-less frame answered {"inputText"}: the basic level`,
        ),
      };
    case "unknown":
      return { level: null, outcome: fail(detection.reason) };
    default:
      // "wait" cannot come back once a frame arrived or the client prompted after the timeout.
      return { level: null, outcome: fail("the level could not be told from the first frames") };
  }
}
