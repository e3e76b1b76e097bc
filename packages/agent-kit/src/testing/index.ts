/**
 * @interject/agent-kit/testing: test support for agents built on the kit and for clients of one: a kit agent
 * on a free port with a collecting WebSocket client, a session behind an in-memory socket, a gate that plays
 * the runtime's part in front of any agent (and a kit agent behind one), and helpers.
 */
export { startAgent, TestClient } from "./agent-server.ts";
export { FakeSocket, RecordingProvider, until } from "./fake-socket.ts";
export { GatedAgent, type GatedAgentOptions, scriptedRunner } from "./gated-agent.ts";
export { type Note, notesOf, saveNoteTool } from "./note-tool.ts";
export { RuntimeGate, type RuntimeGateOptions } from "./runtime-gate.ts";
export { SESSION_ID, sessionFixture } from "./session-fixture.ts";
export { type PlayedAnswer, VoiceTestClient } from "./voice-client.ts";
