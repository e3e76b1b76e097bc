/**
 * Size limits shared by every peer. AgentCore's WebSocket frame limit is undocumented (figures of 10 KB and
 * 32 KB circulate), so no outbound frame may exceed 8 KB; inbound frames above 64 KB are refused (1009).
 */
export const MAX_FRAME_BYTES = 8 * 1024;
export const MAX_INBOUND_FRAME_BYTES = 64 * 1024;
/** A prompt's text, in UTF-16 code units; a 64 KB frame always fits it. */
export const MAX_PROMPT_CHARS = 16_000;
/** Events in one ingest batch sent by the agent to the broker. */
export const MAX_INGEST_BATCH_EVENTS = 500;
/** Bytes of one ingest batch request body. */
export const MAX_INGEST_BATCH_BYTES = 1024 * 1024;
/** Runtime session ids, as AgentCore's service model requires. */
export const SESSION_ID_MIN_CHARS = 33;
export const SESSION_ID_MAX_CHARS = 256;
