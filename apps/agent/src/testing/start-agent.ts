/** Test support: the built-in agent on a free port (silent logs, instant offline model, the repository's docs). */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterjectAgent } from "../agent.ts";
import { readEnv } from "../env.ts";

export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../docs");

export async function startInterjectAgent(env: Record<string, string> = {}) {
  const settings = readEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    AGENT_OFFLINE_DELAY_MS: "0",
    AGENT_KNOWLEDGE_DIR: DOCS_DIR,
    ...env,
  });
  const agent = await createInterjectAgent(settings);
  const address = await agent.listen(0, "127.0.0.1");
  return { agent, wsBase: `ws://127.0.0.1:${address.port}`, base: `http://127.0.0.1:${address.port}` };
}
