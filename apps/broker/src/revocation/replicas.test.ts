/**
 * Two broker processes on one PostgreSQL server, as two replicas would run: a failed sign-in and a minted
 * URL count on both (no limit can be doubled by spreading requests), and a sign-out on one is refused by
 * the other within a second (its cached session is dropped by the database notification). PostgreSQL only: PGlite
 * serves one process.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateLocalCredentials } from "@interject/agentcore-sigv4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrokerProcess, startBrokerProcess } from "../test/broker-process.ts";
import { createTestDatabase, type TestDatabase, testDbKind } from "../test/database.ts";
import { ADMIN_EMAIL, ADMIN_PASSWORD, Browser } from "../test/harness.ts";
import { type StopEndpoint, startStopEndpoint } from "../test/stop-session-endpoint.ts";

let database: TestDatabase;
let dataDir: string;
let runtime: StopEndpoint;
let a: BrokerProcess;
let b: BrokerProcess;

describe.skipIf(testDbKind() !== "postgres")("two brokers on one database", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "broker-replicas-"));
    runtime = await startStopEndpoint(await loadOrCreateLocalCredentials(dataDir));
    const env = {
      DATABASE_URL: database.url ?? "",
      INTERJECT_DATA_DIR: dataDir,
      INTERJECT_WEB_DIR: join(dataDir, "no-web"),
      INTERJECT_ADMIN_EMAIL: ADMIN_EMAIL,
      INTERJECT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      AGENTCORE_ENDPOINT: runtime.url,
      INTERJECT_MINT_PER_MINUTE: "3",
    };
    // One after the other: the first applies the migrations.
    a = await startBrokerProcess(env);
    b = await startBrokerProcess(env);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await runtime?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("counts failed sign-ins on both: guesses spread over two replicas are held back as on one", async () => {
    const clients = [new Browser(a.url, new Set()), new Browser(b.url, new Set())] as const;
    const email = "spread@example.com";
    // Eight failures, alternating replicas; each replica alone would have seen four (no back-off at all).
    for (let i = 0; i < 8; i++) {
      const client = clients[i % 2];
      for (;;) {
        const r = await client?.login(email, `guess-${i}`);
        if (r?.status !== 429) {
          expect(r?.status).toBe(401);
          break;
        }
        await new Promise((ok) => setTimeout(ok, Number(r.headers.get("retry-after")) * 1000));
      }
    }
    // The eighth failure (on b) asks 8 s of back-off: a refuses the next guess too.
    const next = await clients[0].login(email, "guess-8");
    expect(next.status).toBe(429);
    expect(Number(next.headers.get("retry-after"))).toBeGreaterThan(1);
  });

  it("counts connection mints on both: a user's allowance is not doubled by a second replica", async () => {
    const onA = new Browser(a.url, new Set());
    expect((await onA.login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    const onB = new Browser(b.url, new Set());
    onB.cookies = onA.cookies;
    const conv = await onA.request<{ conversation: { id: string } }>("POST", "/api/conversations", {});
    const path = `/api/conversations/${conv.body.conversation.id}/connection`;
    const statuses = [];
    for (const client of [onA, onB, onA, onB]) statuses.push((await client.request("POST", path)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("refuses on one replica, within a second, a sign-in ended on the other", async () => {
    const onA = new Browser(a.url, new Set());
    expect((await onA.login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    const cookie = [...onA.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const meOnB = () => fetch(`${b.url}/api/me`, { headers: { cookie } }).then((r) => r.status);
    // b validates the session and caches it (for up to 5 s without a notification).
    expect(await meOnB()).toBe(200);
    expect(await meOnB()).toBe(200);
    expect((await onA.request("POST", "/api/auth/logout")).status).toBe(204);
    const loggedOutAt = Date.now();
    let status = await meOnB();
    while (status === 200 && Date.now() - loggedOutAt < 5_000) {
      await new Promise((ok) => setTimeout(ok, 20));
      status = await meOnB();
    }
    expect(status).toBe(401);
    expect(Date.now() - loggedOutAt).toBeLessThan(1_000);
  });
});
