/**
 * AgentCore's WebSocket limits as the local runtime enforces them, from the constants of
 * @interject/agentcore-sigv4 (AWS lets no runtime change them, so they are not settings). Tests pass smaller
 * figures to DataPlaneConfig; nothing else does.
 */
import {
  WEBSOCKET_MAX_CONNECTION_SECONDS,
  WEBSOCKET_MAX_FRAME_BYTES,
  WEBSOCKET_MAX_FRAMES_PER_SECOND,
} from "@interject/agentcore-sigv4";

export interface WebSocketLimits {
  /** Largest frame (message) in either direction; larger closes with 1009 before it is buffered. */
  maxFrameBytes: number;
  /** Frames (messages, pings and pongs) a client may send in any one second; more closes with 1008. */
  maxFramesPerSecond: number;
  /** How long one connection may stay open; then it is closed (1001) and its session lives on. */
  maxConnectionMs: number;
}

export const AGENTCORE_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxFrameBytes: WEBSOCKET_MAX_FRAME_BYTES,
  maxFramesPerSecond: WEBSOCKET_MAX_FRAMES_PER_SECOND,
  maxConnectionMs: WEBSOCKET_MAX_CONNECTION_SECONDS * 1000,
};
