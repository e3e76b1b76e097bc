/**
 * @interject/chat-client/testing: for tests of clients of the agent (this package, the web app): the basic
 * level's fixture as a process, and a gate in front of any real agent that admits each URL once and can cut
 * or hold back connections. Node only.
 */
export { type BasicAgentProcess, startBasicAgent } from "./basic-agent-process.ts";
export { SocketGate, type SocketGateOptions } from "./socket-gate.ts";
