/**
 * Starts a real broker on port 0 for a test (database per INTERJECT_TEST_DB), with its own StopRuntimeSession
 * stand-in as the AgentCore endpoint (unless the test names one), captures its JSON log lines, and gives a
 * tiny cookie-keeping HTTP client that remembers every secret it saw (cookies, URLs) so tests can assert
 * that none of them reached the log.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadOrCreateLocalCredentials } from "@interject/agentcore-sigv4";
import { loadEnv } from "../env.ts";
import { type RunningBroker, startBroker } from "../server.ts";
import { createTestDatabase } from "./database.ts";
import { type StopEndpoint, startStopEndpoint } from "./stop-session-endpoint.ts";

export const ADMIN_EMAIL = "root@example.com";
export const ADMIN_PASSWORD = "correct horse battery staple admin";
export const INGEST_TOKEN = "ingest-token-for-tests-0123456789abcdef";

export interface TestBroker extends RunningBroker {
  logs: string[];
  secrets: Set<string>;
  printed: string[];
  dataDir: string;
  /** The AgentCore endpoint the broker calls StopRuntimeSession on (undefined when the test named one). */
  runtime: StopEndpoint | undefined;
  stop(): Promise<void>;
  browser(): Browser;
}

export async function startTestBroker(
  overrides: Record<string, string> = {},
  opts: { fileBacked?: boolean; dataDir?: string } = {},
): Promise<TestBroker> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), "broker-test-")));
  const database = await createTestDatabase();
  const runtime =
    overrides.AGENTCORE_ENDPOINT === undefined
      ? await startStopEndpoint(
          overrides.AWS_ACCESS_KEY_ID && overrides.AWS_SECRET_ACCESS_KEY
            ? {
                accessKeyId: overrides.AWS_ACCESS_KEY_ID,
                secretAccessKey: overrides.AWS_SECRET_ACCESS_KEY,
                sessionToken: overrides.AWS_SESSION_TOKEN,
              }
            : await loadOrCreateLocalCredentials(dataDir),
        )
      : undefined;
  const logs: string[] = [];
  const printed: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const env = loadEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "debug",
    INTERJECT_DATA_DIR: dataDir,
    INTERJECT_WEB_DIR: join(dataDir, "no-web"),
    INTERJECT_ADMIN_EMAIL: ADMIN_EMAIL,
    INTERJECT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    BROKER_INGEST_TOKEN: INGEST_TOKEN,
    ...(runtime ? { AGENTCORE_ENDPOINT: runtime.url } : {}),
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...overrides,
  });
  let broker: RunningBroker;
  try {
    broker = await startBroker(env, {
      logDestination: sink,
      print: (line) => printed.push(line),
      inMemory: !opts.fileBacked,
    });
  } catch (err) {
    await runtime?.close();
    await database.drop();
    throw err;
  }
  const secrets = new Set<string>([ADMIN_PASSWORD, INGEST_TOKEN]);
  const test: TestBroker = {
    ...broker,
    logs,
    secrets,
    printed,
    dataDir,
    runtime,
    async stop() {
      await broker.close();
      await runtime?.close();
      await database.drop();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    browser: () => new Browser(broker.url, secrets),
  };
  return test;
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like client: one cookie jar, same-origin Origin header on writes unless told otherwise. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    private readonly secrets: Set<string>,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (method !== "GET" && method !== "HEAD" && !("origin" in h) && !("sec-fetch-site" in h))
      h.origin = this.base;
    if (body !== undefined) h["content-type"] = "application/json";
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    for (const [k, v] of Object.entries(h)) if (v === "") delete h[k];
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: h,
      redirect: "manual",
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else {
        this.cookies.set(name, value);
        this.secrets.add(value);
      }
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === "object" && "url" in parsed && typeof parsed.url === "string") {
      this.secrets.add(parsed.url);
      const signature = new URL(parsed.url).searchParams.get("X-Amz-Signature");
      if (signature) this.secrets.add(signature);
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  async login(email: string, password: string): Promise<Reply<{ user: { id: string; role: string } }>> {
    this.secrets.add(password);
    return this.request("POST", "/api/auth/login", { email, password });
  }
}

/** Creates a user through the admin API with `admin` (a signed-in admin Browser) and signs them in. */
export async function newUser(
  broker: TestBroker,
  admin: Browser,
  email: string,
  role: "user" | "admin" = "user",
) {
  const password = `pw-${email}-Zq8!long-enough`;
  broker.secrets.add(password);
  const created = await admin.request<{ user: { id: string } }>("POST", "/api/admin/users", {
    email,
    password,
    role,
  });
  if (created.status !== 201) throw new Error(`could not create ${email}: ${JSON.stringify(created.body)}`);
  const browser = broker.browser();
  const login = await browser.login(email, password);
  if (login.status !== 200) throw new Error(`could not sign in ${email}`);
  return { browser, id: created.body.user.id, password };
}

export async function signedInAdmin(broker: TestBroker): Promise<Browser> {
  const b = broker.browser();
  const r = await b.login(ADMIN_EMAIL, ADMIN_PASSWORD);
  if (r.status !== 200) throw new Error(`admin sign-in failed: ${r.status}`);
  return b;
}

/** Every secret the tests handled, checked against the captured log. Returns the ones found. */
export function secretsInLogs(broker: TestBroker): string[] {
  const all = broker.logs.join("");
  return [...broker.secrets].filter((s) => s.length >= 8 && all.includes(s));
}
