/**
 * A stdio server with both directions of its stdio copied to files by `tee` on the way: what the client
 * really sent and what the server really answered, without touching either side. Tests read it to prove a
 * cancellation reached the server (`notifications/cancelled` sent, the request never answered).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface WireMessage {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

export interface Wiretap {
  /** The `mcpServers` entry that starts the server behind the tap. */
  entry: { command: string; args: string[] };
  /** Messages the client sent the server, in order. */
  sent(): Promise<WireMessage[]>;
  /** Messages the server sent the client, in order. */
  received(): Promise<WireMessage[]>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Taps `server` (a stdio entry); the two logs go to `dir` as in.jsonl and out.jsonl. */
export function wiretap(server: { command: string; args: string[] }, dir: string): Wiretap {
  const [inLog, outLog] = [join(dir, "in.jsonl"), join(dir, "out.jsonl")];
  const command = [server.command, ...server.args].map(quote).join(" ");
  const read = async (path: string) => {
    const text = await readFile(path, "utf8").catch(() => "");
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as WireMessage);
  };
  return {
    entry: { command: "sh", args: ["-c", `tee ${quote(inLog)} | ${command} | tee ${quote(outLog)}`] },
    sent: () => read(inLog),
    received: () => read(outLog),
  };
}
