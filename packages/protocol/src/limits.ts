/**
 * Size limits shared by every peer. AgentCore's quota allows WebSocket frames of 64 KB, its WebSocket guide
 * says to stay below 32 KB, and the runtime closes a connection with 1009 over its limit: no frame the agent
 * sends exceeds 8 KB, and the agent refuses inbound frames above 32 KB (1009), so nothing it accepts can be
 * refused on the way by AgentCore.
 */
export const MAX_FRAME_BYTES = 8 * 1024;
export const MAX_INBOUND_FRAME_BYTES = 32 * 1024;
/**
 * A prompt's text, in UTF-16 code units. Any text of this length but C0 control characters (escaped as six
 * bytes in JSON) takes at most 3 bytes a unit, so a prompt frame always fits MAX_INBOUND_FRAME_BYTES.
 */
export const MAX_PROMPT_CHARS = 10_000;
/** Events in one ingest batch sent by the agent to the broker. */
export const MAX_INGEST_BATCH_EVENTS = 500;
/** Bytes of one ingest batch request body. */
export const MAX_INGEST_BATCH_BYTES = 1024 * 1024;
