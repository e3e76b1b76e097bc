/**
 * Messages the browser (or any client) sends to the agent. One discriminated union on `type`; the seed
 * articles' bare `{"inputText": "..."}` is accepted too and normalised into a `prompt`. Voice on the same
 * socket (`bidi_audio_input`, `voice_start`, `playback_mark`...) is defined in voice-messages.ts and joins
 * the union here.
 */
import { z } from "zod";
import { AttachmentRefs } from "./attachments.ts";
import { Id, Seq } from "./common.ts";
import { MAX_PROMPT_CHARS } from "./limits.ts";
import { VoiceClientMessage } from "./voice-messages.ts";

const PromptText = z.string().min(1, "a prompt needs some text").max(MAX_PROMPT_CHARS);

export const PromptMessage = z.strictObject({
  type: z.literal("prompt"),
  id: Id,
  text: PromptText,
  /** Files uploaded to the broker for this prompt, by id; the agent fetches them from the broker. */
  attachments: AttachmentRefs.optional(),
});

export const InterruptMessage = z.strictObject({
  type: z.literal("interrupt"),
  /** The turn to stop; when absent, whatever turn is running. */
  turnId: Id.optional(),
});

export const ResumeMessage = z.strictObject({
  type: z.literal("resume"),
  /** The last seq the client has; the agent replays every stream message after it. */
  afterSeq: Seq,
});

export const ApprovalMessage = z.strictObject({
  type: z.literal("approval"),
  requestId: Id,
  decision: z.enum(["approve", "deny"]),
});

export const PingMessage = z.strictObject({
  type: z.literal("ping"),
  /** Echoed in the pong, so the client can match them up. */
  nonce: z.string().max(64).optional(),
});

export const ClientMessage = z.discriminatedUnion("type", [
  PromptMessage,
  InterruptMessage,
  ResumeMessage,
  ApprovalMessage,
  PingMessage,
  ...VoiceClientMessage.options,
]);

/** The seed articles' format: `{"inputText": "..."}`. */
export const SeedPromptMessage = z.strictObject({ inputText: PromptText });

export type PromptMessage = z.infer<typeof PromptMessage>;
export type InterruptMessage = z.infer<typeof InterruptMessage>;
export type ResumeMessage = z.infer<typeof ResumeMessage>;
export type ApprovalMessage = z.infer<typeof ApprovalMessage>;
export type PingMessage = z.infer<typeof PingMessage>;
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage["type"];
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = ClientMessage.options.map(
  (option) => option.shape.type.value,
);
