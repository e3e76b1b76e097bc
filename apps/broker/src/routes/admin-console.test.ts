/**
 * The admin console's account tools over real HTTP: a password reset shown once (the user's old password and
 * sign-ins end, the new one works), deleting a user with everything they own, and the audit log with names
 * (kept after a deletion) and its filters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import {
  ADMIN_EMAIL,
  type Browser,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

let broker: TestBroker;
let admin: Browser;
let adminId: string;
beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
  adminId = (await admin.request<{ user: { id: string } }>("GET", "/api/me")).body.user.id;
});
afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

interface AuditItem {
  action: string;
  actor: { id: string; name: string; email: string | null; deleted: boolean } | null;
  target: { type: string; id: string; name: string | null } | null;
  detail: Record<string, unknown>;
}

async function audit(query = "") {
  await broker.services.audit.flush();
  return (
    await admin.request<{ items: AuditItem[]; nextCursor: string | null }>("GET", `/api/admin/audit${query}`)
  ).body;
}

describe("admin console", () => {
  it("resets a password: shown once, the old one and every sign-in end, the new one signs in", async () => {
    const carol = await newUser(broker, admin, "carol@example.com");
    const reset = await admin.request<{ password: string }>("POST", `/api/admin/users/${carol.id}/password`);
    expect(reset.status).toBe(200);
    expect(reset.headers.get("cache-control")).toBe("no-store");
    const password = reset.body.password;
    broker.secrets.add(password);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await carol.browser.request("GET", "/api/me")).status).toBe(401);
    expect((await broker.browser().login("carol@example.com", carol.password)).status).toBe(401);
    expect((await broker.browser().login("carol@example.com", password)).status).toBe(200);
    const entries = await audit("?action=password.reset");
    expect(entries.items[0]).toMatchObject({
      actor: { id: adminId, email: ADMIN_EMAIL },
      target: { type: "user", id: carol.id, name: "carol" },
      detail: { via: "admin console" },
    });
    expect((await carol.browser.request("POST", `/api/admin/users/${adminId}/password`)).status).toBe(401);
    const dave = await newUser(broker, admin, "dave@example.com");
    expect((await dave.browser.request("POST", `/api/admin/users/${carol.id}/password`)).status).toBe(403);
    expect(
      (await admin.request("POST", "/api/admin/users/00000000-0000-4000-8000-000000000000/password")).status,
    ).toBe(404);
  });

  it("deletes a user with their conversations and history; names stay in the audit log", async () => {
    const erin = await newUser(broker, admin, "erin@example.com");
    const conv = (
      await erin.browser.request<{ conversation: { id: string; sessionId: string } }>(
        "POST",
        "/api/conversations",
        { title: "erin's" },
      )
    ).body.conversation;
    await postEvents(broker.url, batch(turnEvents(conv.sessionId, 1, "t1", "hi", ["hello"], "complete")));
    await erin.browser.request("PATCH", `/api/conversations/${conv.id}`, { title: "erin's notes" });
    const listed = await admin.request<{ users: Array<{ id: string; conversations: number }> }>(
      "GET",
      "/api/admin/users",
    );
    expect(listed.body.users.find((u) => u.id === erin.id)?.conversations).toBe(1);
    expect((await admin.request("DELETE", `/api/admin/users/${adminId}`)).status).toBe(409);
    const deleted = await admin.request<{ deleted: { conversations: number } }>(
      "DELETE",
      `/api/admin/users/${erin.id}`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted.conversations).toBe(1);
    expect((await erin.browser.request("GET", "/api/me")).status).toBe(401);
    expect((await broker.browser().login("erin@example.com", erin.password)).status).toBe(401);
    expect((await admin.request("GET", `/api/admin/conversations/${conv.id}`)).status).toBe(404);
    const leftovers = await broker.database.sql.query({
      text: "select (select count(*) from events where session_id = $1) + (select count(*) from turns where session_id = $1) as n",
      values: [conv.sessionId],
    });
    expect(Number(leftovers.rows[0]?.n)).toBe(0);
    expect((await admin.request("DELETE", `/api/admin/users/${erin.id}`)).status).toBe(404);
    // Her own earlier entries still name her, and the deletion names her too.
    const hers = await audit(`?actor=${erin.id}`);
    expect(hers.items.length).toBeGreaterThan(0);
    expect(hers.items.every((e) => e.actor?.name === "erin" && e.actor.deleted)).toBe(true);
    const deletion = (await audit("?action=user.deleted")).items[0];
    expect(deletion).toMatchObject({
      actor: { email: ADMIN_EMAIL },
      target: { id: erin.id, name: "erin" },
      detail: { email: "erin@example.com", conversations: 1 },
    });
  });

  it("filters the audit log by actor, action and time, pages it, and lists its actions", async () => {
    const frank = await newUser(broker, admin, "frank@example.com");
    await frank.browser.request("POST", "/api/conversations", { title: "franks" });
    const conv = (
      await frank.browser.request<{ conversation: { id: string } }>("POST", "/api/conversations", {
        title: "named",
      })
    ).body.conversation;
    await frank.browser.request("DELETE", `/api/conversations/${conv.id}`);
    const byFrank = await audit(`?actor=${frank.id}`);
    // Newest first: the deletion, then the sign-in that made frank's browser.
    expect(byFrank.items.map((e) => e.action)).toEqual(["conversation.deleted", "login"]);
    expect(byFrank.items[0]?.target).toMatchObject({ type: "conversation", name: "a deleted conversation" });
    const created = await audit("?action=user.created");
    expect(created.items.every((e) => e.action === "user.created")).toBe(true);
    expect(created.items[0]?.target?.name).toBe("frank");
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await audit(`?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    expect((await audit(`?to=${encodeURIComponent("2000-01-01T00:00:00Z")}`)).items).toEqual([]);
    const page = await audit("?limit=2");
    expect(page.items).toHaveLength(2);
    const next = await audit(`?limit=2&cursor=${page.nextCursor}`);
    expect(next.items[0]).not.toEqual(page.items[0]);
    const actions = await admin.request<{ actions: string[] }>("GET", "/api/admin/audit/actions");
    expect(actions.body.actions).toEqual(
      expect.arrayContaining(["conversation.deleted", "user.created", "user.deleted"]),
    );
    expect([...actions.body.actions].sort()).toEqual(actions.body.actions);
    expect((await admin.request("GET", "/api/admin/audit?actor=someone")).status).toBe(400);
  });
});
