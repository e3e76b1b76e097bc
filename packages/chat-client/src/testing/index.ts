/**
 * @interject/chat-client/testing: for tests of clients of the agent (this package, the web app): the basic
 * level's fixture as a process. The gate that plays the runtime's part in front of it is agent-kit's
 * `RuntimeGate` (@interject/agent-kit/testing). Node only.
 */
export { type BasicAgentProcess, startBasicAgent } from "./basic-agent-process.ts";
