/**
 * @interject/protocol: the one place where a message shape is written. Depends on nothing but zod.
 * See README.md beside this folder for the contract (sequencing, resume, trace levels, limits).
 */
export * from "./agent-messages.ts";
export * from "./attachments.ts";
export * from "./audio-frames.ts";
export * from "./basic-frames.ts";
export * from "./client-messages.ts";
export * from "./common.ts";
export * from "./feedback.ts";
export * from "./ingest.ts";
export * from "./levels.ts";
export * from "./limits.ts";
export * from "./mcp-status.ts";
export * from "./parse.ts";
export * from "./reported-turns.ts";
export * from "./split-text.ts";
export * from "./trace.ts";
export * from "./version.ts";
export * from "./voice-messages.ts";
