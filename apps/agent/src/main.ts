/** Entry point: reads the settings, starts the agent on PORT (8080) and shuts down cleanly on SIGTERM/SIGINT. */
import { createAgent } from "./app.ts";
import { EnvError, readEnv } from "./env.ts";
import { createLogger } from "./logger.ts";

let env: ReturnType<typeof readEnv>;
try {
  env = readEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(env.LOG_LEVEL);
const agent = await createAgent(env, logger);
const address = await agent.listen();
logger.info(
  {
    port: address.port,
    host: address.address,
    model: agent.provider.name,
    reporting: agent.reporter !== null,
  },
  "agent listening",
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    agent.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: (error as Error).message }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
