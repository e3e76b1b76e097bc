/**
 * Builds the whole agent from its settings: the model provider, tools and knowledge base, sessions, the
 * broker reporter, health, and the HTTP/WebSocket server. `main.ts` starts it; tests start it on port 0.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAgentRunner, describeFailure } from "./agent/agent-loop.ts";
import type { Env } from "./env.ts";
import type { ConnectionLimits } from "./http/connection-settings.ts";
import { Health } from "./http/health.ts";
import { createHttpServer } from "./http/server.ts";
import { WsEndpoint } from "./http/ws-endpoint.ts";
import { KnowledgeIndex } from "./knowledge/knowledge-index.ts";
import type { Logger } from "./logger.ts";
import { createProvider } from "./models/create-provider.ts";
import type { ModelProvider } from "./models/provider.ts";
import { fetchSessionHistory } from "./reporting/history-client.ts";
import { IngestReporter } from "./reporting/ingest-reporter.ts";
import { SessionStore } from "./session/session-store.ts";
import { defaultTools } from "./tools/default-tools.ts";

export interface Agent {
  server: Server;
  store: SessionStore;
  health: Health;
  ws: WsEndpoint;
  reporter: IngestReporter | null;
  provider: ModelProvider;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export async function createAgent(
  env: Env,
  logger: Logger,
  overrides: { provider?: ModelProvider } = {},
): Promise<Agent> {
  const knowledge = await KnowledgeIndex.load(env.AGENT_KNOWLEDGE_DIR);
  logger.info({ sections: knowledge.sections.length }, "knowledge base loaded");
  const tools = defaultTools(knowledge);
  const provider = overrides.provider ?? createProvider(env);
  const ingest =
    env.BROKER_INGEST_URL && env.BROKER_INGEST_TOKEN
      ? { url: env.BROKER_INGEST_URL, token: env.BROKER_INGEST_TOKEN }
      : null;
  const reporter = ingest
    ? new IngestReporter({
        baseUrl: ingest.url,
        token: ingest.token,
        batchEvents: env.AGENT_INGEST_BATCH_EVENTS,
        flushMs: env.AGENT_INGEST_FLUSH_MS,
        queueMax: env.AGENT_INGEST_QUEUE_MAX,
        logger,
      })
    : null;
  const health = new Health(() => reporter?.busy ?? false);
  const store = new SessionStore({
    idleMs: env.AGENT_SESSION_IDLE_SECONDS * 1000,
    logger,
    ...(ingest ? { loadHistory: (id: string) => fetchSessionHistory(ingest.url, ingest.token, id) } : {}),
    ...(reporter ? { settleReports: (id: string) => reporter.settled(id) } : {}),
    deps: {
      runner: createAgentRunner({ provider, tools, maxToolRounds: env.AGENT_MAX_TOOL_ROUNDS }),
      describeFailure,
      replayBufferEvents: env.AGENT_REPLAY_BUFFER_EVENTS,
      approvalTimeoutMs: env.AGENT_APPROVAL_TIMEOUT_SECONDS * 1000,
      chunkIntervalMs: env.AGENT_CHUNK_INTERVAL_MS,
      ...(reporter ? { report: (sessionId, message) => reporter.report(sessionId, message) } : {}),
      onTurnStart: () => health.turnStarted(),
      onTurnEnd: () => health.turnEnded(),
    },
  });
  store.startSweeping();
  const limits: ConnectionLimits = {
    ratePerSecond: env.AGENT_INBOUND_RATE_PER_SECOND,
    rateBurst: env.AGENT_INBOUND_BURST,
    softLimitBytes: env.AGENT_OUTBOUND_SOFT_LIMIT_BYTES,
    hardCapBytes: env.AGENT_OUTBOUND_HARD_CAP_BYTES,
  };
  const ws = new WsEndpoint({
    store,
    limits,
    pingIntervalMs: env.AGENT_WS_PING_INTERVAL_SECONDS * 1000,
    logger,
  });
  const server = createHttpServer({ store, health, ws, limits, logger });

  return {
    server,
    store,
    health,
    ws,
    reporter,
    provider,
    listen: (port = env.PORT, host = env.HOST) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async close() {
      ws.close();
      store.close();
      await reporter?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
