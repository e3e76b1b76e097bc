#!/usr/bin/env node
// `pnpm start`: builds what is stale, then runs the whole product on embedded defaults: the built-in agent and
// the example agent (examples/custom-agent) with the offline model, the local AgentCore runtime fronting both
// (each under its own runtime ARN), and the broker (which serves the web app and registers the example agent
// on its first start). INTERJECT_BASIC_AGENT_ARN=<ARN> also runs the basic-level fixture (examples/basic-agent)
// behind the runtime under that ARN, unregistered, for an admin to register (the e2e tests do). It makes the shared
// local secrets once (the ingest token here; the SigV4 key pair is made by the apps in the same data
// directory), prints where to go and how to sign in (the broker says which: the first start's generated
// password, once, or on later starts an administrator's email and `pnpm admin reset-password <email>`), and
// stops every process on Ctrl-C. A process that dies is started again
// after a second, as a container platform would (at most 5 times a minute; then everything stops). Each
// process's pid is in <data dir>/run/<name>.pid. Ports and the data directory can be moved with
// INTERJECT_BROKER_PORT, INTERJECT_RUNTIME_PORT, INTERJECT_AGENT_PORT, INTERJECT_EXAMPLE_AGENT_PORT,
// INTERJECT_BASIC_AGENT_PORT and INTERJECT_DATA_DIR (the e2e tests start the stack through this same script).
// AGENT_MCP_CONFIG is the built-in agent's; the example agent's is INTERJECT_EXAMPLE_AGENT_MCP_CONFIG.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const dataDir = resolve(env.INTERJECT_DATA_DIR ?? join(root, ".interject"));
const ports = {
  broker: Number(env.INTERJECT_BROKER_PORT ?? 3000),
  runtime: Number(env.INTERJECT_RUNTIME_PORT ?? 8790),
  agent: Number(env.INTERJECT_AGENT_PORT ?? 8080),
  example: Number(env.INTERJECT_EXAMPLE_AGENT_PORT ?? 8081),
  basic: Number(env.INTERJECT_BASIC_AGENT_PORT ?? 8082),
};
// The example agent's runtime ARN behind the local runtime (the built-in agent keeps the runtime's default,
// LOCAL_RUNTIME.arn of @interject/agentcore-sigv4), and how the broker registers it on its first start.
const exampleAgent = {
  name: "example",
  displayName: "Example agent",
  description: "A custom agent on the agent kit, with a unit-conversion tool (examples/custom-agent)",
  runtimeArn: "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_example-0000000000",
  protocolLevel: "full",
};
// Opt-in: the basic-level fixture behind the runtime under this ARN, not registered.
const basicAgentArn = env.INTERJECT_BASIC_AGENT_ARN || undefined;
const runtimes = [
  `${exampleAgent.runtimeArn}=http://127.0.0.1:${ports.example}`,
  ...(basicAgentArn ? [`${basicAgentArn}=http://127.0.0.1:${ports.basic}`] : []),
];
// The address the broker and the local runtime (the two that browsers reach) listen on: this machine only,
// unless INTERJECT_HOST says otherwise. The agent always stays on 127.0.0.1 behind the runtime.
const host = env.INTERJECT_HOST ?? "127.0.0.1";
const publicUrl = env.INTERJECT_PUBLIC_URL ?? `http://localhost:${ports.broker}`;
const started = Date.now();

function log(message) {
  process.stderr.write(`[interject] ${message}\n`);
}

/** Newest modification time below `dir`, skipping build output and dependencies. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function buildWebIfStale() {
  const web = join(root, "apps/web");
  if (!existsSync(join(web, "package.json"))) return;
  const stamp = join(web, "dist/index.html");
  const sources = Math.max(newest(web), newest(join(root, "packages")));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  log("building the web app");
  const result = spawnSync("pnpm", ["--dir", web, "build"], { stdio: "inherit" });
  if (result.status !== 0) {
    log("the web app did not build; see the output above");
    process.exit(1);
  }
}

function ingestToken() {
  if (env.BROKER_INGEST_TOKEN) return env.BROKER_INGEST_TOKEN;
  const file = join(dataDir, "ingest-token");
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  return readFileSync(file, "utf8").trim();
}

mkdirSync(dataDir, { recursive: true, mode: 0o700 });
buildWebIfStale();
const token = ingestToken();
const shared = { INTERJECT_DATA_DIR: dataDir, NODE_ENV: env.NODE_ENV ?? "production" };

const reporting = { BROKER_INGEST_URL: `http://127.0.0.1:${ports.broker}`, BROKER_INGEST_TOKEN: token };
const apps = [
  {
    name: "agent",
    dir: "apps/agent",
    health: `http://127.0.0.1:${ports.agent}/ping`,
    env: { PORT: String(ports.agent), HOST: "127.0.0.1", ...reporting },
  },
  {
    name: "example",
    dir: "examples/custom-agent",
    health: `http://127.0.0.1:${ports.example}/ping`,
    // AGENT_MCP_CONFIG in this environment is the built-in agent's: the example does not start a second
    // copy of those servers (stdio servers writing the same files would clash). It gets its own with
    // INTERJECT_EXAMPLE_AGENT_MCP_CONFIG.
    env: {
      PORT: String(ports.example),
      HOST: "127.0.0.1",
      AGENT_MCP_CONFIG: env.INTERJECT_EXAMPLE_AGENT_MCP_CONFIG ?? "",
      ...reporting,
    },
  },
  ...(basicAgentArn
    ? [
        {
          name: "basic",
          dir: "examples/basic-agent",
          health: `http://127.0.0.1:${ports.basic}/ping`,
          env: { PORT: String(ports.basic), HOST: "127.0.0.1" },
        },
      ]
    : []),
  {
    name: "runtime",
    dir: "apps/agentcore-local",
    health: `http://127.0.0.1:${ports.runtime}/ping`,
    env: {
      PORT: String(ports.runtime),
      HOST: host,
      AGENT_URL: `http://127.0.0.1:${ports.agent}`,
      AGENTCORE_RUNTIMES: runtimes.join(","),
      // Browsers connect from the broker's pages: allow that origin wherever the broker was moved to.
      AGENTCORE_ALLOWED_ORIGINS:
        env.AGENTCORE_ALLOWED_ORIGINS ??
        [
          new URL(publicUrl).origin,
          `http://localhost:${ports.broker}`,
          `http://127.0.0.1:${ports.broker}`,
          "http://localhost:5173",
          "http://127.0.0.1:5173",
        ].join(","),
    },
  },
  {
    name: "broker",
    dir: "apps/broker",
    health: `http://127.0.0.1:${ports.broker}/api/health`,
    env: {
      PORT: String(ports.broker),
      HOST: host,
      INTERJECT_PUBLIC_URL: publicUrl,
      AGENTCORE_ENDPOINT: env.AGENTCORE_ENDPOINT ?? `http://127.0.0.1:${ports.runtime}`,
      BROKER_INGEST_TOKEN: token,
      // Registered on the first start (by name, once); a pinned deployment serves its one agent only.
      INTERJECT_AGENTS:
        env.INTERJECT_AGENTS ??
        (["true", "1"].includes(env.INTERJECT_PIN_AGENT ?? "") ? "" : JSON.stringify([exampleAgent])),
    },
  },
].filter((app) => existsSync(join(root, app.dir, "package.json")));

const children = new Map();
const restarts = new Map();
let stopping = false;
const runDir = join(dataDir, "run");
mkdirSync(runDir, { recursive: true });

// The broker's one line a start about signing in ("Interject: ..."), repeated in the ready message. It
// carries the password only on the first start, and then the ready message points at it instead.
let signIn;

function prefixLines(name, stream, target) {
  let rest = "";
  stream.on("data", (buffer) => {
    const lines = (rest + buffer.toString("utf8")).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      if (name === "broker" && line.startsWith("Interject: ")) signIn = line.slice("Interject: ".length);
      target.write(`${name.padEnd(7)} | ${line}\n`);
    }
  });
}

function signInMessage() {
  const first = /^first administrator (\S+) created with password /.exec(signIn ?? "");
  if (first) return `Sign in as ${first[1]} with the password printed above: it is shown only this once.`;
  if (signIn) return `${signIn.charAt(0).toUpperCase()}${signIn.slice(1)}.`;
  return "Sign in with your account; to set a new password: pnpm admin reset-password <email>.";
}

function startApp(app) {
  // One process per app (tsx as a loader, not its CLI, which would fork a grandchild that outlives a kill).
  const tsx = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, "src/main.ts"], {
    cwd: join(root, app.dir),
    env: { ...env, ...shared, ...app.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  prefixLines(app.name, child.stdout, process.stdout);
  prefixLines(app.name, child.stderr, process.stderr);
  writeFileSync(join(runDir, `${app.name}.pid`), String(child.pid));
  child.on("exit", (code, signal) => {
    children.delete(app.name);
    rmSync(join(runDir, `${app.name}.pid`), { force: true });
    if (stopping) return;
    const recent = (restarts.get(app.name) ?? []).filter((t) => Date.now() - t < 60_000);
    if (recent.length >= 5) {
      log(`${app.name} exited (${signal ?? `code ${code}`}) 5 times within a minute; stopping the rest`);
      stop(1);
      return;
    }
    restarts.set(app.name, [...recent, Date.now()]);
    log(`${app.name} exited (${signal ?? `code ${code}`}); starting it again in 1 s`);
    setTimeout(() => stopping || startApp(app), 1000);
  });
  children.set(app.name, child);
}

async function waitHealthy(app, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(app.health);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log("stopping");
  for (const child of children.values()) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill("SIGKILL");
    process.exit(code);
  }, 5000);
  force.unref();
  const check = setInterval(() => {
    if (children.size === 0) {
      clearInterval(check);
      process.exit(code);
    }
  }, 50);
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

for (const app of apps) startApp(app);
const deadline = Date.now() + 180_000;
const healthy = await Promise.all(apps.map((app) => waitHealthy(app, deadline)));
const sick = apps.filter((_, i) => !healthy[i]).map((app) => app.name);
if (sick.length > 0) {
  log(`not healthy after 180 s: ${sick.join(", ")}`);
  stop(1);
} else {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nInterject is ready in ${seconds} s: open ${publicUrl}\n` +
      `${signInMessage()}\n` +
      `Data lives in ${dataDir}. Press Ctrl-C to stop.\n\n`,
  );
}
