/**
 * A broker as its own process (`node --import tsx src/main.ts`), for tests that need several of them on
 * one database, as replicas behind a load balancer are. It listens on a free port, which is read from its
 * "broker listening" log line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface BrokerProcess {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export function startBrokerProcess(env: Record<string, string>): Promise<BrokerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: packageDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once("exit", () => ok());
      child.kill("SIGTERM");
    });
  return new Promise((ok, fail) => {
    let rest = "";
    child.stderr?.on("data", (b: Buffer) => logs.push(b.toString("utf8")));
    child.stdout?.on("data", (b: Buffer) => {
      const lines = (rest + b.toString("utf8")).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        if (!line.includes('"broker listening"')) continue;
        const { port } = JSON.parse(line) as { port: number };
        ok({ url: `http://127.0.0.1:${port}`, logs, stop });
      }
    });
    child.once("exit", (code) =>
      fail(new Error(`broker exited (${code}) before listening:\n${logs.join("\n")}`)),
    );
  });
}
