/**
 * @interject/chat-client: the browser's (and the load benchmark's) client for the agent protocol, with no
 * DOM or framework dependency: the stream reducer, the connection state machine, the reconnect policy, the
 * heartbeat, the session that ties them to a reconnecting socket (`ChatSession`, full level), its basic-level
 * counterpart (`BasicChatSession`), and `AgentChat`, which picks between them by the agent's level.
 */
export * from "./agent-chat.ts";
export * from "./basic-chat-session.ts";
export * from "./basic-reducer.ts";
export * from "./chat-connection.ts";
export * from "./chat-session.ts";
export * from "./chat-state.ts";
export * from "./connection-state.ts";
export * from "./errors.ts";
export * from "./heartbeat.ts";
export * from "./history.ts";
export * from "./reconnect-policy.ts";
export * from "./socket.ts";
export * from "./stream-reducer.ts";
export * from "./turn-reporter.ts";
