/**
 * The names tools reach the model by: `<server>__<tool>`, within Bedrock's `^[a-zA-Z0-9_-]{1,64}$`. Other
 * characters become `_`; a name that had to be changed, shortened or that collides with another gets a short
 * hash of the original server and tool names, so the same tools always get the same names, whatever order
 * the servers list them in.
 */
import { createHash } from "node:crypto";

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOL_NAME_LENGTH = 64;
export const SERVER_SEPARATOR = "__";

const HASH_LENGTH = 6;

const clean = (part: string) => part.replace(/[^a-zA-Z0-9_-]/g, "_");

function hashOf(server: string, tool: string): string {
  return createHash("sha256").update(`${server}\u0000${tool}`).digest("hex").slice(0, HASH_LENGTH);
}

function withHash(base: string, server: string, tool: string): string {
  const suffix = `_${hashOf(server, tool)}`;
  return `${base.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length)}${suffix}`;
}

export interface ToolKey {
  server: string;
  tool: string;
}

/**
 * Model-facing names for a set of (server, tool) pairs, keyed by `server\0tool`. Deterministic: depends only
 * on the set, never on its order.
 */
export function exposedToolNames(keys: readonly ToolKey[]): Map<string, string> {
  const sorted = [...keys].sort((a, b) =>
    a.server === b.server ? (a.tool < b.tool ? -1 : 1) : a.server < b.server ? -1 : 1,
  );
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const { server, tool } of sorted) {
    const plain = `${server}${SERVER_SEPARATOR}${tool}`;
    const cleaned = `${clean(server)}${SERVER_SEPARATOR}${clean(tool)}`;
    let name =
      cleaned === plain && cleaned.length <= MAX_TOOL_NAME_LENGTH ? cleaned : withHash(cleaned, server, tool);
    // A collision ("a__b" + "c" against "a" + "b__c") moves the later one in sorted order aside.
    for (let n = 1; taken.has(name); n++) name = withHash(cleaned, server, `${tool}\u0000${n}`);
    taken.add(name);
    out.set(keyOf(server, tool), name);
  }
  return out;
}

export function keyOf(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}
