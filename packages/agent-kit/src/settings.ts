/**
 * Every setting the kit reads: the container's address, the model (AGENT_MODEL and its options), pacing,
 * sessions, connection limits, reporting to the broker, tools from MCP servers and voice (AGENT_VOICE and its
 * options). An agent built on the kit reads them once with `kitSettingsShape` inside its own `env.ts` (adding
 * its own variables) or lets `serve()` read them. Each is documented with its default in ../README.md.
 */
import { WEBSOCKET_MAX_FRAMES_PER_SECOND } from "@interject/agentcore-sigv4/constants";
import { readSettings, setting } from "@interject/settings";
import { z } from "zod";

export const kitSettingsShape = {
  /** AgentCore's container contract: port 8080 on 0.0.0.0. */
  PORT: setting.port(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: setting.logLevel(),
  AGENT_MODEL: z.enum(["offline", "bedrock", "openai"]).default("offline"),
  AGENT_OFFLINE_DELAY_MS: setting.int(35, 0, 10_000),
  AGENT_CHUNK_INTERVAL_MS: setting.int(100, 0, 1000),
  AGENT_SESSION_IDLE_SECONDS: setting.int(900, 1, 28_800),
  AGENT_APPROVAL_TIMEOUT_SECONDS: setting.int(120, 1, 3600),
  AGENT_REPLAY_BUFFER_EVENTS: setting.int(5000, 10, 1_000_000),
  AGENT_MAX_TOOL_ROUNDS: setting.int(6, 1, 50),
  AGENT_WS_PING_INTERVAL_SECONDS: setting.int(30, 1, 3600),
  // A voice connection sends 25 audio frames a second (AUDIO_INPUT_FRAME_MS) besides its other messages.
  AGENT_INBOUND_RATE_PER_SECOND: setting.int(50, 1, 1_000_000),
  AGENT_INBOUND_BURST: setting.int(100, 1, 1_000_000),
  AGENT_OUTBOUND_FRAMES_PER_SECOND: setting.int(200, 1, WEBSOCKET_MAX_FRAMES_PER_SECOND),
  AGENT_OUTBOUND_SOFT_LIMIT_BYTES: setting.int(64 * 1024, 1024, 1 << 30),
  AGENT_OUTBOUND_HARD_CAP_BYTES: setting.int(1024 * 1024, 4096, 1 << 30),
  AGENT_BEDROCK_MODEL_ID: z.string().min(1).default("us.anthropic.claude-haiku-4-5-20251001-v1:0"),
  AGENT_BEDROCK_REGION: setting.text(),
  AGENT_BEDROCK_ENDPOINT: setting.text().pipe(z.url().optional()),
  AGENT_MAX_OUTPUT_TOKENS: setting.int(2048, 1, 200_000),
  AGENT_OPENAI_BASE_URL: z.url().default("http://127.0.0.1:11434/v1"),
  AGENT_OPENAI_MODEL: z.string().min(1).default("llama3.2"),
  AGENT_OPENAI_API_KEY: setting.text(),
  BROKER_INGEST_URL: setting.text().pipe(z.url().optional()),
  BROKER_INGEST_TOKEN: setting.text(),
  AGENT_INGEST_BATCH_EVENTS: setting.int(500, 1, 500),
  AGENT_INGEST_FLUSH_MS: setting.int(1000, 0, 60_000),
  AGENT_INGEST_QUEUE_MAX: setting.int(50_000, 10, 10_000_000),
  AWS_REGION: setting.text(),
  /** Tools from MCP servers (see mcp/): the `mcpServers` file, and an AgentCore Gateway from settings alone. */
  AGENT_MCP_CONFIG: setting.text(),
  AGENT_MCP_REPORT_SECONDS: setting.int(30, 1, 3600),
  AGENT_MCP_GATEWAY_URL: setting.text().pipe(z.url({ protocol: /^https?$/ }).optional()),
  AGENT_MCP_GATEWAY_NAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1 to 64 letters, digits, '.', '_' or '-'")
    .default("gateway"),
  AGENT_MCP_GATEWAY_AUTH: z.enum(["sigv4", "oauth"]).default("sigv4"),
  AGENT_MCP_GATEWAY_APPROVAL: z.enum(["unlessReadOnly", "annotations"]).default("unlessReadOnly"),
  AGENT_MCP_GATEWAY_TOKEN_URL: setting.text().pipe(z.url({ protocol: /^https?$/ }).optional()),
  AGENT_MCP_GATEWAY_CLIENT_ID: setting.text(),
  AGENT_MCP_GATEWAY_CLIENT_SECRET: setting.text(),
  AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN: setting.text(),
  AGENT_MCP_GATEWAY_CLIENT_SECRET_KEY: setting.text(),
  AGENT_MCP_GATEWAY_SCOPE: setting.text(),
  /** Voice: the offline pipeline (Debian's pocketsphinx and espeak-ng), Amazon Nova Sonic, or none. */
  AGENT_VOICE: z.enum(["offline", "nova-sonic", "off"]).default("offline"),
  /** Whether the answers' audio is reported to the broker (stored) like the rest of the event log. */
  AGENT_VOICE_STORE_AUDIO: setting.flag(),
  AGENT_NOVA_SONIC_MODEL_ID: z.string().min(1).default("amazon.nova-2-sonic-v1:0"),
  AGENT_NOVA_SONIC_REGION: setting.text(),
  AGENT_NOVA_SONIC_ENDPOINT: setting.text().pipe(z.url().optional()),
  AGENT_NOVA_SONIC_VOICE_ID: z.string().min(1).max(64).default("matthew"),
  /** Nova Sonic's connections last about 8 minutes: the next one is opened (and switched to) after this. */
  AGENT_NOVA_SONIC_ROTATE_SECONDS: setting.int(360, 30, 470),
};

export type KitSettings = z.infer<z.ZodObject<typeof kitSettingsShape>>;

/** The checks across kit variables; an agent's own `env.ts` passes them on with its extra variables. */
export function refineKitSettings(values: KitSettings, ctx: z.RefinementCtx): void {
  if (values.AGENT_OUTBOUND_HARD_CAP_BYTES <= values.AGENT_OUTBOUND_SOFT_LIMIT_BYTES) {
    ctx.addIssue({
      code: "custom",
      path: ["AGENT_OUTBOUND_HARD_CAP_BYTES"],
      message: "must be larger than AGENT_OUTBOUND_SOFT_LIMIT_BYTES",
    });
  }
  if ((values.BROKER_INGEST_URL === undefined) !== (values.BROKER_INGEST_TOKEN === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["BROKER_INGEST_TOKEN"],
      message: "BROKER_INGEST_URL and BROKER_INGEST_TOKEN must be set together",
    });
  }
  if (values.AGENT_MCP_GATEWAY_URL !== undefined && values.AGENT_MCP_GATEWAY_AUTH === "oauth") {
    const need = (name: keyof KitSettings, ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [name], message });
    };
    need(
      "AGENT_MCP_GATEWAY_TOKEN_URL",
      values.AGENT_MCP_GATEWAY_TOKEN_URL !== undefined,
      "is required for oauth",
    );
    need(
      "AGENT_MCP_GATEWAY_CLIENT_ID",
      values.AGENT_MCP_GATEWAY_CLIENT_ID !== undefined,
      "is required for oauth",
    );
    need(
      "AGENT_MCP_GATEWAY_CLIENT_SECRET",
      (values.AGENT_MCP_GATEWAY_CLIENT_SECRET === undefined) !==
        (values.AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN === undefined),
      "oauth needs exactly one of AGENT_MCP_GATEWAY_CLIENT_SECRET and AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN",
    );
  }
}

/** Reads the kit's settings alone (an agent with no settings of its own). Throws a SettingsError. */
export function readKitSettings(
  source: Record<string, string | undefined> = process.env,
  app = "agent",
): KitSettings {
  return readSettings(app, kitSettingsShape, source, { refine: refineKitSettings });
}
