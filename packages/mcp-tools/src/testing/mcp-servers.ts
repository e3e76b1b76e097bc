/**
 * The real MCP servers from npm that the tests and the bench start: `@modelcontextprotocol/server-everything`
 * (stdio, or Streamable HTTP on a given port) and `@modelcontextprotocol/server-filesystem` on a folder.
 * Tool names are those of the pinned server-everything 2026.8.31: `echo`, `get-sum` (once `add`) and
 * `trigger-long-running-operation` (once `longRunningOperation`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function binOf(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");
}

export const EVERYTHING_BIN = binOf("@modelcontextprotocol/server-everything");
export const FILESYSTEM_BIN = binOf("@modelcontextprotocol/server-filesystem");

export const everythingStdio = () => ({ command: process.execPath, args: [EVERYTHING_BIN, "stdio"] });
export const filesystemStdio = (folder: string) => ({
  command: process.execPath,
  args: [FILESYSTEM_BIN, folder],
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningHttpServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** server-everything's Streamable HTTP transport (it listens on PORT, path /mcp); resolves once it listens. */
export function startEverythingHttp(port: number): Promise<RunningHttpServer> {
  const child = spawn(process.execPath, [EVERYTHING_BIN, "streamableHttp"], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server-everything did not listen: ${err}`)), 20_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes("listening on port")) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}/mcp`, port, child, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited (${code}): ${err}`));
    });
  });
}
