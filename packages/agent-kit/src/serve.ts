/**
 * `serve()`: what an agent's main file calls. It reads the kit's settings from the environment (or takes
 * them), builds the app, listens on PORT, logs where, and shuts down cleanly on SIGTERM or SIGINT (AgentCore
 * stops a session's container with SIGTERM). A bad setting prints the SettingsError and exits with code 1.
 */
import { SettingsError } from "@interject/settings";
import { type AgentApp, type AgentAppOptions, createAgentApp } from "./app.ts";
import { readKitSettings } from "./settings.ts";

export type ServeOptions =
  | (Omit<AgentAppOptions, "settings"> & { settings?: AgentAppOptions["settings"] })
  /** An app you built yourself with createAgentApp (e.g. after reading your own settings). */
  | { app: AgentApp };

export async function serve(options: ServeOptions = {}): Promise<AgentApp> {
  const app = "app" in options ? options.app : buildApp(options);
  const address = await app.listen();
  app.logger.info(
    {
      port: address.port,
      host: address.address,
      model: app.model?.name ?? "custom runner",
      reporting: app.reporter !== null,
    },
    "agent listening",
  );
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, "shutting down");
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.logger.error({ err: (error as Error).message }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return app;
}

function buildApp(options: Exclude<ServeOptions, { app: AgentApp }>): AgentApp {
  let settings = options.settings;
  if (!settings) {
    try {
      settings = readKitSettings(process.env, options.name ?? "agent");
    } catch (error) {
      if (error instanceof SettingsError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
  }
  return createAgentApp({ ...options, settings });
}
