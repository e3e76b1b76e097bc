/**
 * An AgentCore agent from a model and tools: the container contract (`/ping`, `/invocations`, `/ws` on one
 * port), sessions with their event log, pacing, interruption and approvals, and the reports to the broker.
 * The TypeScript counterpart of the Python SDK's `BedrockAgentCoreApp`. `serve()` in serve.ts adds reading
 * the settings and stopping on a signal; tests call `createAgentApp` and `listen(0)`.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAgentRunner, describeFailure } from "./agent/agent-loop.ts";
import { brokerAttachmentLoader } from "./attachments/attachment-source.ts";
import type { ConnectionLimits } from "./http/connection-settings.ts";
import { Health } from "./http/health.ts";
import { createHttpServer } from "./http/server.ts";
import { WsEndpoint } from "./http/ws-endpoint.ts";
import { createLogger, type Logger } from "./logger.ts";
import { mcpConfigFromSettings } from "./mcp/mcp-config.ts";
import { McpStatusReporter } from "./mcp/mcp-status-reporter.ts";
import { McpToolSet } from "./mcp/mcp-tool-set.ts";
import { createProvider } from "./models/create-provider.ts";
import type { ModelProvider } from "./models/provider.ts";
import { fetchSessionHistory } from "./reporting/history-client.ts";
import { IngestReporter } from "./reporting/ingest-reporter.ts";
import { SessionStore } from "./session/session-store.ts";
import type { TurnFailure, TurnRunner } from "./session/turn-io.ts";
import type { KitSettings } from "./settings.ts";
import { type Tool, ToolRegistry } from "./tools/tool.ts";
import { voiceAvailability } from "./voice/voice-availability.ts";
import { VoiceConversation } from "./voice/voice-conversation.ts";
import type { VoiceAvailability } from "./voice/voice-engine.ts";

export interface AgentAppOptions {
  /** The kit's settings (see settings.ts); read them with `readKitSettings` or your own `env.ts`. */
  settings: KitSettings;
  /** The system prompt the model gets on every call. */
  system?: string;
  /** Tools the model may call. */
  tools?: readonly Tool<unknown>[];
  /** The model; by default the one AGENT_MODEL chooses (offline, bedrock or openai). */
  model?: ModelProvider;
  /**
   * Your own turn logic instead of the kit's agent loop (model + tools): stream text and traces through
   * the TurnIO it gets. `model`, `tools` and `system` are then unused.
   */
  runner?: TurnRunner;
  /** What the user is told when a turn throws; the kit's default maps model and tool failures. */
  describeFailure?: (error: unknown) => TurnFailure;
  /** The voice; by default the one AGENT_VOICE chooses (offline when its Debian programs are installed). */
  voice?: VoiceAvailability;
  /** Defaults to a pino logger at LOG_LEVEL named after `name`. */
  logger?: Logger;
  /** The app's name in logs, and the agent's name in its MCP status reports (switches are kept per name). */
  name?: string;
  /**
   * Where the MCP config's `${env:NAME}` references and AWS_REGION are read; process.env by default. The
   * MCP servers themselves come from AGENT_MCP_CONFIG and AGENT_MCP_GATEWAY_* in `settings`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface AgentApp {
  readonly server: Server;
  readonly store: SessionStore;
  readonly health: Health;
  readonly ws: WsEndpoint;
  readonly reporter: IngestReporter | null;
  readonly model: ModelProvider | null;
  readonly voice: VoiceAvailability;
  readonly logger: Logger;
  /** The MCP servers' tools, when AGENT_MCP_CONFIG or a Gateway is configured (never with a custom runner). */
  readonly mcp: McpToolSet | null;
  /** Reports the MCP servers to the broker and applies its switches (with MCP and reporting configured). */
  readonly mcpReporter: McpStatusReporter | null;
  /** Listens on PORT and HOST from the settings unless given. */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export const DEFAULT_SYSTEM_PROMPT =
  "You are a helpful assistant reached through a browser chat. Answer in the language of the user's message.";

export function createAgentApp(options: AgentAppOptions): AgentApp {
  const { settings } = options;
  const name = options.name ?? "agent";
  const logger = options.logger ?? createLogger(settings.LOG_LEVEL, name);
  const model = options.runner ? null : (options.model ?? createProvider(settings));
  // Throws McpConfigError for a bad config: the agent refuses to start, naming the server and field.
  const mcpConfig = options.runner ? null : mcpConfigFromSettings(settings, options.env ?? process.env);
  const mcp = mcpConfig
    ? new McpToolSet({
        config: mcpConfig,
        logger,
        env: options.env ?? process.env,
        clientInfo: { name: `interject-${name}`, version: "1.0.0" },
      })
    : null;
  const tools = new ToolRegistry(options.runner ? [] : [...(options.tools ?? [])], mcp ? [mcp] : []);
  const system = options.system ?? DEFAULT_SYSTEM_PROMPT;
  const runner =
    options.runner ??
    createAgentRunner({
      provider: model ?? createProvider(settings),
      tools,
      system,
      maxToolRounds: settings.AGENT_MAX_TOOL_ROUNDS,
    });
  const voice = options.voice ?? voiceAvailability(settings);
  if (voice.engine) logger.info({ voice: voice.engine.name, model: voice.engine.model }, "voice available");
  else logger.warn({ reason: voice.reason }, "voice unavailable; text chat is unaffected");
  const ingest =
    settings.BROKER_INGEST_URL && settings.BROKER_INGEST_TOKEN
      ? { url: settings.BROKER_INGEST_URL, token: settings.BROKER_INGEST_TOKEN }
      : null;
  const reporter = ingest
    ? new IngestReporter({
        baseUrl: ingest.url,
        token: ingest.token,
        batchEvents: settings.AGENT_INGEST_BATCH_EVENTS,
        flushMs: settings.AGENT_INGEST_FLUSH_MS,
        queueMax: settings.AGENT_INGEST_QUEUE_MAX,
        logger,
      })
    : null;
  const mcpReporter =
    mcp && ingest
      ? new McpStatusReporter({
          baseUrl: ingest.url,
          token: ingest.token,
          agent: name,
          reportSeconds: settings.AGENT_MCP_REPORT_SECONDS,
          tools: mcp,
          logger,
        })
      : null;
  mcp?.start();
  mcpReporter?.start();
  const health = new Health(() => reporter?.busy ?? false);
  const store = new SessionStore({
    idleMs: settings.AGENT_SESSION_IDLE_SECONDS * 1000,
    logger,
    ...(ingest ? { loadHistory: (id: string) => fetchSessionHistory(ingest.url, ingest.token, id) } : {}),
    ...(reporter ? { settleReports: (id: string) => reporter.settled(id) } : {}),
    deps: {
      runner,
      describeFailure: options.describeFailure ?? describeFailure,
      replayBufferEvents: settings.AGENT_REPLAY_BUFFER_EVENTS,
      approvalTimeoutMs: settings.AGENT_APPROVAL_TIMEOUT_SECONDS * 1000,
      chunkIntervalMs: settings.AGENT_CHUNK_INTERVAL_MS,
      ...(ingest ? { loadAttachment: brokerAttachmentLoader(ingest.url, ingest.token) } : {}),
      ...(reporter
        ? {
            report: (sessionId, message) => {
              // Answer audio is stored only when AGENT_VOICE_STORE_AUDIO says so; its transcript always is.
              if (message.type === "bidi_audio_stream" && !settings.AGENT_VOICE_STORE_AUDIO) return;
              reporter.report(sessionId, message);
            },
          }
        : {}),
      voice: (session) =>
        new VoiceConversation(session, { availability: voice, runner, system, tools, logger }),
      onTurnStart: () => health.turnStarted(),
      onTurnEnd: () => health.turnEnded(),
    },
  });
  store.startSweeping();
  const limits: ConnectionLimits = {
    ratePerSecond: settings.AGENT_INBOUND_RATE_PER_SECOND,
    rateBurst: settings.AGENT_INBOUND_BURST,
    softLimitBytes: settings.AGENT_OUTBOUND_SOFT_LIMIT_BYTES,
    hardCapBytes: settings.AGENT_OUTBOUND_HARD_CAP_BYTES,
    framesPerSecond: settings.AGENT_OUTBOUND_FRAMES_PER_SECOND,
  };
  const ws = new WsEndpoint({
    store,
    limits,
    pingIntervalMs: settings.AGENT_WS_PING_INTERVAL_SECONDS * 1000,
    logger,
  });
  const server = createHttpServer({ store, health, ws, limits, logger });

  return {
    server,
    store,
    health,
    ws,
    reporter,
    model,
    voice,
    logger,
    mcp,
    mcpReporter,
    listen: (port = settings.PORT, host = settings.HOST) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async close() {
      ws.close();
      store.close();
      await mcpReporter?.stop();
      await mcp?.close();
      await reporter?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
