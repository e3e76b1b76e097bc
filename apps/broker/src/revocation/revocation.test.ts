/**
 * Revocation reaches live agent connections: each change that makes a user's connections unauthorised
 * calls StopRuntimeSession, signed and shaped as AWS expects (checked by the stand-in endpoint with the
 * SigV4 verifier), for exactly the runtime sessions that may have live connections, in parallel, bounded in
 * time, and never failing the user's request.
 */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIVE_WINDOW_MS } from "../agentcore/live-sessions.ts";
import { STOP_TIMEOUT_MS } from "../agentcore/session-stopper.ts";
import { conversations } from "../db/schema.ts";
import {
  type Browser,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";
import type { StopEndpoint } from "../test/stop-session-endpoint.ts";

let broker: TestBroker;
let runtime: StopEndpoint;
let admin: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  if (!broker.runtime) throw new Error("the test broker has no StopRuntimeSession stand-in");
  runtime = broker.runtime;
  admin = await signedInAdmin(broker);
});
afterAll(async () => {
  expect(runtime.refused).toEqual([]);
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});
beforeEach(() => {
  runtime.behaviour = "answer";
});

interface Conv {
  id: string;
  sessionId: string;
}

async function conversation(b: Browser, connect: boolean): Promise<Conv> {
  const r = await b.request<{ conversation: Conv }>("POST", "/api/conversations", {});
  if (connect)
    expect((await b.request("POST", `/api/conversations/${r.body.conversation.id}/connection`)).status).toBe(
      200,
    );
  return r.body.conversation;
}

/** The session ids stopped by `action`, in the order the stand-in received them. */
async function stoppedBy(action: () => Promise<unknown>): Promise<string[]> {
  const before = runtime.calls.length;
  await action();
  return runtime.calls.slice(before).map((c) => c.sessionId);
}

const logLines = () => broker.logs.flatMap((l) => l.split("\n")).filter((l) => l.length > 0);

describe("StopRuntimeSession on revocation", () => {
  it("signing out stops the runtime sessions the user connected to, and no one else's", async () => {
    const { browser } = await newUser(broker, admin, "leaver@example.com");
    const { browser: bystander } = await newUser(broker, admin, "bystander@example.com");
    const live = [await conversation(browser, true), await conversation(browser, true)];
    await conversation(browser, false);
    await conversation(bystander, true);
    const stopped = await stoppedBy(() => browser.request("POST", "/api/auth/logout"));
    expect(stopped.sort()).toEqual(live.map((c) => c.sessionId).sort());
    const call = runtime.calls.at(-1);
    expect(call?.runtimeArn).toBe(LOCAL_RUNTIME.arn);
    expect(call?.qualifier).toBeUndefined();
    expect(call?.clientToken.length).toBeGreaterThan(0);
  });

  it("disabling a user stops their connections, and their sign-ins end", async () => {
    const { browser, id } = await newUser(broker, admin, "disabled-live@example.com");
    const live = await conversation(browser, true);
    const stopped = await stoppedBy(() =>
      admin.request("PATCH", `/api/admin/users/${id}`, { disabled: true }),
    );
    expect(stopped).toEqual([live.sessionId]);
    expect((await browser.request("POST", `/api/conversations/${live.id}/connection`)).status).toBe(401);
  });

  it("a password change stops the user's connections and keeps the changer signed in", async () => {
    const { browser, password } = await newUser(broker, admin, "changer-live@example.com");
    const live = await conversation(browser, true);
    const next = "a brand new passphrase for the live test";
    broker.secrets.add(next);
    const stopped = await stoppedBy(async () => {
      const r = await browser.request("POST", "/api/me/password", {
        currentPassword: password,
        newPassword: next,
      });
      expect(r.status).toBe(204);
    });
    expect(stopped).toEqual([live.sessionId]);
    expect((await browser.request("POST", `/api/conversations/${live.id}/connection`)).status).toBe(200);
  });

  it("a demotion from admin stops full-trace connections; a promotion or a no-op role change does not", async () => {
    const { browser, id } = await newUser(broker, admin, "demoted-live@example.com", "admin");
    const live = await conversation(browser, true);
    expect(await stoppedBy(() => admin.request("PATCH", `/api/admin/users/${id}`, { role: "user" }))).toEqual(
      [live.sessionId],
    );
    expect(await stoppedBy(() => admin.request("PATCH", `/api/admin/users/${id}`, { role: "user" }))).toEqual(
      [],
    );
    expect(
      await stoppedBy(() => admin.request("PATCH", `/api/admin/users/${id}`, { role: "admin" })),
    ).toEqual([]);
    // The demoted user is still signed in, and now gets milestone-level URLs.
    expect((await browser.request("GET", "/api/admin/users")).status).toBe(200);
  });

  it("deleting a conversation stops its runtime session only when it was connected to", async () => {
    const { browser } = await newUser(broker, admin, "deleter-live@example.com");
    const live = await conversation(browser, true);
    const idle = await conversation(browser, false);
    expect(await stoppedBy(() => browser.request("DELETE", `/api/conversations/${live.id}`))).toEqual([
      live.sessionId,
    ]);
    expect(await stoppedBy(() => browser.request("DELETE", `/api/conversations/${idle.id}`))).toEqual([]);
  });

  it("counts a session as live only while a connection minted for it could still be open", async () => {
    const { browser } = await newUser(broker, admin, "aged-live@example.com");
    const old = await conversation(browser, true);
    const recent = await conversation(browser, true);
    const [row] = await broker.database.db
      .select({ at: conversations.lastConnectionAt })
      .from(conversations)
      .where(eq(conversations.id, old.id));
    // A second mint within the minute does not write again.
    expect((await browser.request("POST", `/api/conversations/${old.id}/connection`)).status).toBe(200);
    const [again] = await broker.database.db
      .select({ at: conversations.lastConnectionAt })
      .from(conversations)
      .where(eq(conversations.id, old.id));
    expect(again?.at?.getTime()).toBe(row?.at?.getTime());
    await broker.database.db
      .update(conversations)
      .set({ lastConnectionAt: new Date(Date.now() - LIVE_WINDOW_MS - 1000) })
      .where(eq(conversations.id, old.id));
    expect(await stoppedBy(() => browser.request("POST", "/api/auth/logout"))).toEqual([recent.sessionId]);
  });

  it("treats an already ended session (404) as done, and logs failures without failing the request", async () => {
    const { browser, password } = await newUser(broker, admin, "unlucky-live@example.com");
    const live = await conversation(browser, true);
    await stoppedBy(() => browser.request("POST", "/api/auth/logout"));
    // The stand-in has stopped it: a second stop answers 404, which is not a failure.
    expect((await browser.login("unlucky-live@example.com", password)).status).toBe(200);
    const warnings = () => logLines().filter((l) => l.includes("could not stop a runtime session")).length;
    const before = warnings();
    expect(await stoppedBy(() => browser.request("POST", "/api/auth/logout"))).toEqual([live.sessionId]);
    expect(warnings()).toBe(before);
    expect((await browser.login("unlucky-live@example.com", password)).status).toBe(200);
    runtime.behaviour = "fail";
    const out = await browser.request("POST", "/api/auth/logout");
    expect(out.status).toBe(204);
    const warning = logLines()
      .filter((l) => l.includes("could not stop a runtime session"))
      .at(-1);
    expect(JSON.parse(warning ?? "{}")).toMatchObject({
      level: 40,
      sessionId: live.sessionId,
      reason: "signed_out",
      err: { name: "InternalServerException" },
      status: 500,
    });
  });

  it("stops sessions in parallel and gives up on one that does not answer, without failing the request", async () => {
    const { browser } = await newUser(broker, admin, "hung-live@example.com");
    const live = [await conversation(browser, true), await conversation(browser, true)];
    runtime.behaviour = "hang";
    const before = runtime.calls.length;
    const out = await browser.request("POST", "/api/auth/logout");
    expect(out.status).toBe(204);
    const calls = runtime.calls.slice(before);
    expect(calls.map((c) => c.sessionId).sort()).toEqual(live.map((c) => c.sessionId).sort());
    // Both were asked before the first could have timed out: in parallel, not one after the other.
    expect(Math.abs((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0))).toBeLessThan(STOP_TIMEOUT_MS);
    const timedOut = logLines()
      .filter((l) => l.includes("could not stop a runtime session"))
      .map((l) => JSON.parse(l) as { sessionId: string; err: { name: string } })
      .filter((l) => live.some((c) => c.sessionId === l.sessionId));
    expect(timedOut.map((l) => l.err.name)).toEqual(["AbortError", "AbortError"]);
  });
});

describe("qualifier", () => {
  it("names the endpoint qualifier when one is configured", async () => {
    const b = await startTestBroker({ AGENTCORE_QUALIFIER: "DEFAULT" });
    try {
      const a = await signedInAdmin(b);
      const conv = await conversation(a, true);
      await a.request("POST", "/api/auth/logout");
      expect(b.runtime?.calls).toEqual([
        expect.objectContaining({ sessionId: conv.sessionId, qualifier: "DEFAULT" }),
      ]);
    } finally {
      await b.stop();
    }
  });
});
