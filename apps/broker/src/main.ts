/** Entry point: `tsx src/main.ts` (or dist/main.js). Settings come from the environment; see README.md. */
import { DatabaseInUseError } from "./db/data-dir-lock.ts";
import { loadEnv, SettingsError } from "./env.ts";
import { startBroker } from "./server.ts";

try {
  const broker = await startBroker(loadEnv());
  const stop = async () => {
    await broker.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (err) {
  if (err instanceof SettingsError) {
    console.error(err.message);
    process.exit(2);
  }
  if (err instanceof DatabaseInUseError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
