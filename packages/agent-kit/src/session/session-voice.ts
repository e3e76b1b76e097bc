/**
 * What a session and its connections need of the session's voice conversation (voice/voice-conversation.ts
 * implements it), named here so the session does not import the voice code (nor the voice code the session's
 * connections): a spoken exchange is an ordinary turn of the session, the conversation adds `bidi_*` messages.
 */
import type { AgentMessage, InterruptReason, VoiceClientMessage } from "@interject/protocol";

/** A connection as voice sees it: where voice's per-socket answers (`bidi_connection_start`...) go. */
export interface VoicePeer {
  sendMessage(message: AgentMessage): void;
}

/** What the user heard of a spoken answer that was cut off (from the client's playback mark). */
export interface SpokenPart {
  heard: string;
  playedMs: number;
}

export interface SessionVoice {
  /** A voice message from `peer` (voice_start, audio, marks...). */
  handle(peer: VoicePeer, message: VoiceClientMessage): void;
  /** `peer` went away: if it held the microphone, voice stops. */
  detached(peer: VoicePeer): void;
  /** Ends the spoken answer now, with what is known of what was heard (a typed prompt is about to start). */
  yieldTurn(reason: InterruptReason): void;
  /** Stops the running spoken answer for the user's Stop; false when none runs (or not the named turn). */
  stopAnswer(reason: InterruptReason, turnId?: string): boolean;
  /** The session ended. */
  close(): void;
}
