/**
 * Entry point: reads the settings, starts the local AgentCore data plane on PORT (8790) for the default runtime
 * (AGENTCORE_RUNTIME_ARN, its agent at AGENT_URL or one per session) and those of AGENTCORE_RUNTIMES, stops on
 * SIGTERM/SIGINT.
 */
import { createBearerVerifier } from "./auth/jwt.ts";
import { loadCredentialStore } from "./credentials.ts";
import { readEnv } from "./env.ts";
import { perSessionPool, sharedPool } from "./lifecycle/agent-pool.ts";
import { createLogger } from "./logger.ts";
import { startDataPlane } from "./server.ts";

let env: ReturnType<typeof readEnv>;
try {
  env = readEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const logger = createLogger(env.LOG_LEVEL);
const { store, source } = await loadCredentialStore(env);
const pool =
  env.AGENTCORE_ISOLATION === "per-session"
    ? perSessionPool({
        command: env.AGENTCORE_AGENT_COMMAND,
        startTimeoutMs: env.AGENTCORE_AGENT_START_TIMEOUT_SECONDS * 1000,
        env: process.env,
        logger,
      })
    : sharedPool(env.AGENT_URL);

const plane = await startDataPlane(
  {
    runtimes: [
      { arn: env.AGENTCORE_RUNTIME_ARN, pool },
      ...env.AGENTCORE_RUNTIMES.map((r) => ({ arn: r.arn, pool: sharedPool(r.agentUrl) })),
    ],
    credentials: store,
    bearer:
      env.AGENTCORE_JWT_ISSUER && env.AGENTCORE_JWT_JWKS_URL
        ? createBearerVerifier({
            issuer: env.AGENTCORE_JWT_ISSUER,
            jwksUrl: env.AGENTCORE_JWT_JWKS_URL,
            audiences: env.AGENTCORE_JWT_AUDIENCE,
            allowedClients: env.AGENTCORE_JWT_ALLOWED_CLIENTS,
          })
        : undefined,
    allowedOrigins: env.AGENTCORE_ALLOWED_ORIGINS,
    lifecycle: {
      idleTimeoutMs: env.AGENTCORE_IDLE_TIMEOUT_SECONDS * 1000,
      maxLifetimeMs: env.AGENTCORE_MAX_LIFETIME_SECONDS * 1000,
      pingIntervalMs: env.AGENTCORE_PING_INTERVAL_SECONDS * 1000,
    },
    maxInvocationBytes: env.AGENTCORE_MAX_INVOCATION_BYTES,
    logger,
  },
  env.PORT,
  env.HOST,
);
logger.info(
  {
    port: plane.port,
    host: env.HOST,
    isolation: env.AGENTCORE_ISOLATION,
    runtimes: [env.AGENTCORE_RUNTIME_ARN, ...env.AGENTCORE_RUNTIMES.map((r) => r.arn)],
    credentials: source,
    jwt: Boolean(env.AGENTCORE_JWT_ISSUER),
  },
  "agentcore-local listening",
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    plane.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "error while stopping");
        process.exit(1);
      },
    );
  });
}
