/** Entry point: reads the settings, serves the built-in agent on PORT (8080), stops cleanly on SIGTERM/SIGINT. */
import { serve } from "@interject/agent-kit";
import { SettingsError } from "@interject/settings";
import { createInterjectAgent } from "./agent.ts";
import { type Env, readEnv } from "./env.ts";

let env: Env;
try {
  env = readEnv();
} catch (error) {
  if (error instanceof SettingsError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

await serve({ app: await createInterjectAgent(env) });
