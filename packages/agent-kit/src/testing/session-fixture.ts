/** Test support: a session wired to the real agent loop and offline model, with the kit's tools and a note tool that needs approval. */
import type { TraceLevel } from "@interject/protocol";
import { createAgentRunner, describeFailure } from "../agent/agent-loop.ts";
import { DEFAULT_SYSTEM_PROMPT } from "../app.ts";
import { OfflineProvider } from "../models/offline/offline-provider.ts";
import type { ModelProvider } from "../models/provider.ts";
import { Connection } from "../session/connection.ts";
import { Session, type SessionDeps } from "../session/session.ts";
import { calculatorTool } from "../tools/calculator.ts";
import { clockTool } from "../tools/clock.ts";
import { type Tool, ToolRegistry } from "../tools/tool.ts";
import { FakeSocket, RecordingProvider } from "./fake-socket.ts";
import { saveNoteTool } from "./note-tool.ts";

export const SESSION_ID = "session-0123456789-0123456789-0123456789";

export async function sessionFixture(
  overrides: Partial<SessionDeps> & { provider?: ModelProvider; tools?: Tool<unknown>[] } = {},
) {
  const provider = new RecordingProvider(overrides.provider ?? new OfflineProvider({ delayMs: 0 }));
  const reported: unknown[] = [];
  const tools = new ToolRegistry(overrides.tools ?? [calculatorTool, clockTool, saveNoteTool]);
  const session = new Session(SESSION_ID, {
    runner: createAgentRunner({ provider, tools, system: DEFAULT_SYSTEM_PROMPT, maxToolRounds: 6 }),
    describeFailure,
    replayBufferEvents: 1000,
    approvalTimeoutMs: 120_000,
    report: (_id, message) => reported.push(message),
    ...overrides,
  });
  const connect = (
    traceLevel: TraceLevel = "full",
    limits: { soft?: number; hard?: number; rate?: number } = {},
  ) => {
    const socket = new FakeSocket();
    const connection = new Connection(socket, session, {
      traceLevel,
      ratePerSecond: limits.rate ?? 1000,
      rateBurst: limits.rate ?? 1000,
      softLimitBytes: limits.soft ?? 64 * 1024,
      hardCapBytes: limits.hard ?? 1024 * 1024,
    });
    connection.open();
    const send = (message: unknown) => connection.receive(JSON.stringify(message));
    return { socket, connection, send };
  };
  return { session, provider, reported, connect };
}
