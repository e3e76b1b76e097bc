/** Export and share links over real HTTP: the files, the link's life (expiry, revocation), who reads it, the audit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import { type Browser, newUser, signedInAdmin, startTestBroker, type TestBroker } from "../test/harness.ts";

let broker: TestBroker;
let admin: Browser;
let alice: Browser;
let bob: Browser;
beforeAll(async () => {
  broker = await startTestBroker({ INTERJECT_SHARE_MAX_DAYS: "30" });
  admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice@example.com")).browser;
  bob = (await newUser(broker, admin, "bob@example.com")).browser;
});
afterAll(() => broker.stop());

async function conversation(title: string) {
  const conv = (
    await alice.request<{ conversation: { id: string; sessionId: string } }>("POST", "/api/conversations", {
      title,
    })
  ).body.conversation;
  await postEvents(
    broker.url,
    batch([
      ...turnEvents(conv.sessionId, 1, "t1", "What is **2+2**?", ["It is ", "4."], "complete"),
      ...turnEvents(conv.sessionId, 10, "t2", "And 3+3?", ["It is"], "interrupted"),
    ]),
  );
  await alice.request("PUT", `/api/conversations/${conv.id}/turns/t1/feedback`, {
    rating: "up",
    comment: "right",
  });
  return conv;
}

interface Share {
  id: string;
  status: string;
  expiresAt: string;
  title: string;
}

async function auditActions() {
  await broker.services.audit.flush();
  const r = await admin.request<{ items: Array<{ action: string; actor: { name: string } | null }> }>(
    "GET",
    "/api/admin/audit",
  );
  return r.body.items;
}

describe("export", () => {
  it("downloads Markdown and JSON with every turn, its status and feedback", async () => {
    const conv = await conversation("Sums & more");
    const md = await alice.request<string>("GET", `/api/conversations/${conv.id}/export?format=markdown`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-disposition")).toContain('filename="sums-more.md"');
    expect(md.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(md.body).toContain("# Sums & more");
    expect(md.body).toContain("What is **2+2**?");
    expect(md.body).toContain("It is 4.");
    expect(md.body).toContain("_(The answer was stopped here.)_");
    expect(md.body).toContain("_Feedback: 👍 helpful — right_");
    const json = await alice.request<{
      format: string;
      version: number;
      conversation: { title: string };
      turns: Array<{ turnId: string; response: string; status: string; feedback: unknown }>;
    }>("GET", `/api/conversations/${conv.id}/export?format=json`);
    expect(json.body).toMatchObject({
      format: "interject.conversation",
      version: 1,
      conversation: { title: "Sums & more" },
    });
    expect(json.body.turns.map((t) => [t.turnId, t.response, t.status])).toEqual([
      ["t1", "It is 4.", "complete"],
      ["t2", "It is", "interrupted"],
    ]);
    expect(json.body.turns[0]?.feedback).toMatchObject({ rating: "up" });
    expect((await bob.request("GET", `/api/conversations/${conv.id}/export?format=json`)).status).toBe(404);
    expect((await alice.request("GET", `/api/conversations/${conv.id}/export?format=pdf`)).status).toBe(400);
  });
});

describe("share links", () => {
  it("shows the conversation as shared to any signed-in user, lists and revokes for the owner, audit-logs it", async () => {
    const conv = await conversation("Shared sums");
    const made = await alice.request<{ share: Share }>("POST", `/api/conversations/${conv.id}/shares`, {
      expiresInDays: 7,
    });
    expect(made.status).toBe(201);
    const share = made.body.share;
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(share.status).toBe("active");
    expect(Date.parse(share.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    // A turn after the link was made is not in it.
    await postEvents(
      broker.url,
      batch(turnEvents(conv.sessionId, 20, "t3", "later", ["private"], "complete")),
    );
    const seen = await bob.request<{
      conversation: { title: string };
      owner: { displayName: string };
      turns: Array<{ turnId: string; feedback: unknown }>;
      isOwner: boolean;
    }>("GET", `/api/shares/${share.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.conversation.title).toBe("Shared sums");
    expect(seen.body.owner.displayName).toBe("alice");
    expect(seen.body.turns.map((t) => t.turnId)).toEqual(["t1", "t2"]);
    expect(seen.body.turns[0]?.feedback).toBeNull();
    expect(seen.body.isOwner).toBe(false);
    expect((await broker.browser().request("GET", `/api/shares/${share.id}`)).status).toBe(401);
    // Bob cannot use the link to reach the conversation itself, nor revoke it.
    expect((await bob.request("GET", `/api/conversations/${conv.id}/messages`)).status).toBe(404);
    expect((await bob.request("DELETE", `/api/shares/${share.id}`)).status).toBe(404);
    const mine = await alice.request<{ items: Share[] }>("GET", "/api/shares");
    expect(mine.body.items.map((s) => [s.id, s.title, s.status])).toContainEqual([
      share.id,
      "Shared sums",
      "active",
    ]);
    expect((await bob.request<{ items: Share[] }>("GET", "/api/shares")).body.items).toEqual([]);
    expect((await alice.request("DELETE", `/api/shares/${share.id}`)).status).toBe(204);
    const gone = await bob.request<{ error: { code: string; message: string } }>(
      "GET",
      `/api/shares/${share.id}`,
    );
    expect(gone.status).toBe(410);
    expect(gone.body.error).toEqual({ code: "share_unavailable", message: "the owner revoked this link" });
    expect((await alice.request<{ items: Share[] }>("GET", "/api/shares")).body.items[0]?.status).toBe(
      "revoked",
    );
    const actions = (await auditActions()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["share.created", "share.opened", "share.revoked"]));
    // The audit log never holds a link's secret part.
    await broker.services.audit.flush();
    const raw = await admin.request<string>("GET", "/api/admin/audit");
    expect(JSON.stringify(raw.body)).not.toContain(share.id);
  });

  it("expires, refuses a longer life than allowed and bad ids, and goes with its conversation", async () => {
    const conv = await conversation("Short-lived");
    expect(
      (await alice.request("POST", `/api/conversations/${conv.id}/shares`, { expiresInDays: 31 })).status,
    ).toBe(400);
    expect(
      (await bob.request("POST", `/api/conversations/${conv.id}/shares`, { expiresInDays: 1 })).status,
    ).toBe(404);
    const share = (
      await alice.request<{ share: Share }>("POST", `/api/conversations/${conv.id}/shares`, {
        expiresInDays: 1,
      })
    ).body.share;
    await broker.database.sql.query({
      text: "update shares set expires_at = now() - interval '1 second' where id = $1",
      values: [share.id],
    });
    const expired = await bob.request<{ error: { message: string } }>("GET", `/api/shares/${share.id}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toBe("this link has expired");
    expect((await bob.request("GET", "/api/shares/not-a-link")).status).toBe(400);
    expect((await bob.request("GET", `/api/shares/${"x".repeat(32)}`)).status).toBe(404);
    const again = (
      await alice.request<{ share: Share }>("POST", `/api/conversations/${conv.id}/shares`, {
        expiresInDays: 1,
      })
    ).body.share;
    expect((await alice.request("DELETE", `/api/conversations/${conv.id}`)).status).toBe(204);
    expect((await bob.request("GET", `/api/shares/${again.id}`)).status).toBe(404);
  });
});
