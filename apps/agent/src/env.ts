/**
 * Every setting the built-in agent reads, in one place, validated at start-up: the kit's (container,
 * model, pacing, sessions, reporting; see packages/agent-kit) plus its own knowledge base folder. A bad value
 * stops the process with a message naming the variable. Each setting and its default is in ../README.md.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { kitSettingsShape, refineKitSettings } from "@interject/agent-kit";
import { readSettings } from "@interject/settings";
import { z } from "zod";

const here = path.dirname(fileURLToPath(import.meta.url));
/** `<repo>/docs` from apps/agent/src (tsx) or apps/agent/dist (bundle); the Docker image sets it explicitly. */
const DEFAULT_KNOWLEDGE_DIR = path.resolve(here, "../../../docs");

const shape = {
  ...kitSettingsShape,
  AGENT_KNOWLEDGE_DIR: z.string().min(1).default(DEFAULT_KNOWLEDGE_DIR),
};

export type Env = z.infer<z.ZodObject<typeof shape>>;

/** Reads and validates the settings; throws a SettingsError naming every bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return readSettings("agent", shape, source, { refine: refineKitSettings });
}
