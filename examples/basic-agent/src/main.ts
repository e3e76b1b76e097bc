/** Entry point: reads the settings, serves /ws, /ping and /invocations on PORT, stops cleanly on SIGTERM/SIGINT. */
import { createBasicAgent } from "./app.ts";
import { type Env, EnvError, readEnv } from "./env.ts";

let env: Env;
try {
  env = readEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const agent = createBasicAgent({ wordDelayMs: env.BASIC_AGENT_WORD_DELAY_MS });
const address = await agent.listen(env.PORT, env.HOST);
console.log(`basic agent listening on http://${address.address}:${address.port} (/ws, /ping, /invocations)`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    agent.close().then(() => process.exit(0));
  });
}
