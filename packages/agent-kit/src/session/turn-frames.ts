/**
 * Shaping a turn's own frames: the prompt echo in the `turn` message (cut to fit one frame) and the part
 * numbers of a long final message (see the protocol's splitFinal).
 */
import { type FinalPiece, jsonByteLength, MAX_FRAME_BYTES, splitText } from "@interject/protocol";

/** The part numbers of a final message's piece, when it has them. */
export function partFields(piece: FinalPiece): { part?: number; parts?: number } {
  return piece.part === undefined ? {} : { part: piece.part, parts: piece.parts };
}

/**
 * The prompt as echoed in the `turn` message. A prompt may be MAX_PROMPT_CHARS long, more than one 8 KB frame
 * holds; the echo is then cut (with "…") so the frame fits. The model always gets the whole prompt.
 */
export function promptEcho(turnId: string, promptId: string, text: string): string {
  const envelope = {
    type: "turn",
    seq: Number.MAX_SAFE_INTEGER,
    turnId,
    promptId,
    prompt: "",
    at: 8_640_000_000_000_000,
  };
  const room = MAX_FRAME_BYTES - jsonByteLength(envelope);
  if (jsonByteLength(text) - 2 <= room) return text;
  return `${splitText(text, room - 3)[0] ?? ""}…`;
}
