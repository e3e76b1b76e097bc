/** Bench support: starting the agent and the echo server as child processes, and reading their memory. */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const AGENT_DIR = path.resolve(here, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts `script` with tsx; ready when its stdout contains `ready`, or when `ready` (a URL) answers. */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: AGENT_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    let done = false;
    child.stdout?.on("data", (data: Buffer) => {
      seen += data.toString();
      if (!done && !ready.startsWith("http") && seen.includes(ready)) {
        done = true;
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    if (ready.startsWith("http")) {
      const poll = () =>
        fetch(ready).then(
          () => resolve(),
          () => setTimeout(poll, 50),
        );
      poll();
    }
  });
  child.stdout?.resume();
  return child;
}

/** Resident memory of a process in bytes (Linux /proc). */
export function rssBytes(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}
