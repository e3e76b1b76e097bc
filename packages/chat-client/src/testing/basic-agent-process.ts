/**
 * Test support: the basic level's fixture (examples/basic-agent, the AgentCore articles' agent reproduced) as a
 * separate process, a black box as an outside team's agent would be: `node --import tsx` from the repository
 * root on a port of its choosing, ready once it says where it listens.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const LISTENING = /listening on http:\/\/[^:]+:(\d+)/;

export interface BasicAgentProcess {
  port: number;
  /** ws://127.0.0.1:<port>/ws */
  wsUrl: string;
  /** What the process wrote so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the fixture; `wordDelayMs` paces its offline model (BASIC_AGENT_WORD_DELAY_MS). */
export function startBasicAgent(options: { wordDelayMs: number }): Promise<BasicAgentProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/basic-agent/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      BASIC_AGENT_WORD_DELAY_MS: String(options.wordDelayMs),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the basic agent did not start within 30 s:\n${log}`));
    }, 30_000);
    const keep = (data: Buffer) => {
      log = (log + data.toString()).slice(-8000);
      const port = Number(LISTENING.exec(log)?.[1] ?? 0);
      if (port === 0) return;
      clearTimeout(timer);
      child.stdout?.off("data", keep);
      resolve({ port, wsUrl: `ws://127.0.0.1:${port}/ws`, output: () => log, stop });
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", (data: Buffer) => {
      log = (log + data.toString()).slice(-8000);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the basic agent exited with ${code}:\n${log}`));
    });
  });
}
