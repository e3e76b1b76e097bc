/**
 * Where a session's traffic goes. "shared": every session to AGENT_URL (one agent process). "per-session":
 * one agent process per session id, started on a free port with AGENTCORE_AGENT_COMMAND and stopped when the
 * session ends, as AgentCore's per-session microVMs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { DataPlaneError } from "../errors.ts";
import type { Logger } from "../logger.ts";

export interface AgentPool {
  /** Base URL of the agent serving this session, starting it first if needed. */
  acquire(sessionId: string): Promise<string>;
  /** Ends the session's agent (no-op when shared). */
  release(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

export function sharedPool(agentUrl: string): AgentPool {
  const base = agentUrl.replace(/\/+$/, "");
  return {
    acquire: async () => base,
    release: async () => {},
    close: async () => {},
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error("the agent process exited during start-up");
    try {
      const res = await fetch(`${base}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the agent did not answer /ping within ${timeoutMs} ms`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const pid = child.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal); // the whole process group: sh, node and anything they started
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    kill("SIGTERM");
  });
}

export function perSessionPool(opts: {
  command: string;
  startTimeoutMs: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}): AgentPool {
  const agents = new Map<string, { child: ChildProcess; ready: Promise<string> }>();

  async function start(sessionId: string): Promise<{ child: ChildProcess; ready: Promise<string> }> {
    const port = await freePort();
    const child = spawn("sh", ["-c", opts.command], {
      env: { ...opts.env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "inherit", "inherit"],
      detached: true, // own process group, so stop() ends the whole tree
    });
    const base = `http://127.0.0.1:${port}`;
    opts.logger.info({ sessionId, port, pid: child.pid }, "starting per-session agent");
    child.once("exit", (code, signal) => {
      opts.logger.info({ sessionId, code, signal }, "per-session agent exited");
      if (agents.get(sessionId)?.child === child) agents.delete(sessionId);
    });
    const ready = waitForPing(base, child, opts.startTimeoutMs).then(
      () => base,
      async (err: unknown) => {
        agents.delete(sessionId);
        await stopProcess(child);
        opts.logger.error({ sessionId, err: (err as Error).message }, "per-session agent failed to start");
        throw new DataPlaneError(
          424,
          "RuntimeClientError",
          `The agent did not start: ${(err as Error).message}`,
          "agent-start-failed",
        );
      },
    );
    return { child, ready };
  }

  const starting = new Map<string, Promise<{ child: ChildProcess; ready: Promise<string> }>>();

  return {
    async acquire(sessionId) {
      const existing = agents.get(sessionId);
      if (existing) return existing.ready;
      let pending = starting.get(sessionId);
      if (!pending) {
        pending = start(sessionId).then((a) => {
          agents.set(sessionId, a);
          starting.delete(sessionId);
          return a;
        });
        starting.set(sessionId, pending);
      }
      return (await pending).ready;
    },
    async release(sessionId) {
      const agent = agents.get(sessionId);
      agents.delete(sessionId);
      if (agent) await stopProcess(agent.child);
    },
    async close() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((a) => stopProcess(a.child)));
    },
  };
}
