/** Test support: a session wired to the real agent loop, offline model and the repository's docs. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TraceLevel } from "@interject/protocol";
import { createAgentRunner, describeFailure } from "../agent/agent-loop.ts";
import { KnowledgeIndex } from "../knowledge/knowledge-index.ts";
import { OfflineProvider } from "../models/offline/offline-provider.ts";
import type { ModelProvider } from "../models/provider.ts";
import { Connection } from "../session/connection.ts";
import { Session, type SessionDeps } from "../session/session.ts";
import { defaultTools } from "../tools/default-tools.ts";
import { FakeSocket, RecordingProvider } from "./fake-socket.ts";

export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../docs");
export const SESSION_ID = "session-0123456789-0123456789-0123456789";

export async function sessionFixture(overrides: Partial<SessionDeps> & { provider?: ModelProvider } = {}) {
  const knowledge = await KnowledgeIndex.load(DOCS_DIR);
  const provider = new RecordingProvider(overrides.provider ?? new OfflineProvider({ delayMs: 0 }));
  const reported: unknown[] = [];
  const session = new Session(SESSION_ID, {
    runner: createAgentRunner({ provider, tools: defaultTools(knowledge), maxToolRounds: 6 }),
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
