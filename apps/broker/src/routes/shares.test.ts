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
      version: 2,
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

describe("export and share with branches", () => {
  it("exports the branch on screen with its versions and every other branch; a link keeps its branch", async () => {
    const conv = await conversation("Branched");
    const first = await alice.request<{ branchId: string }>("GET", `/api/conversations/${conv.id}/messages`);
    // The second message (t2) edited: a branch after t1, with its own runtime session.
    const fork = await alice.request<{ branch: { id: string } }>(
      "POST",
      `/api/conversations/${conv.id}/branches`,
      { fromBranchId: first.body.branchId, afterTurnId: "t1" },
    );
    expect(fork.status).toBe(201);
    const branchId = fork.body.branch.id;
    const minted = await alice.request<{ sessionId: string }>(
      "POST",
      `/api/conversations/${conv.id}/connection?branch=${branchId}`,
    );
    await postEvents(
      broker.url,
      batch(turnEvents(minted.body.sessionId, 1, "b1", "And 5+5?", ["It is 10."], "complete")),
    );
    const json = await alice.request<{
      branchId: string;
      turns: Array<{ turnId: string; branchId: string; version: { number: number; of: number } }>;
      branches: Array<{
        id: string;
        parentBranchId: string | null;
        forkTurnId: string | null;
        turns: Array<{ turnId: string }>;
      }>;
    }>("GET", `/api/conversations/${conv.id}/export?format=json`);
    // Without `branch`: the one used last, the edit.
    expect(json.body.branchId).toBe(branchId);
    expect(json.body.turns.map((t) => [t.turnId, t.branchId, t.version])).toEqual([
      ["t1", first.body.branchId, { number: 1, of: 1 }],
      ["b1", branchId, { number: 2, of: 2 }],
    ]);
    expect(
      json.body.branches.map((b) => [b.id, b.parentBranchId, b.forkTurnId, b.turns.map((t) => t.turnId)]),
    ).toEqual([
      [first.body.branchId, null, null, ["t1", "t2"]],
      [branchId, first.body.branchId, "t1", ["b1"]],
    ]);
    const original = await alice.request<{ branchId: string; turns: Array<{ turnId: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/export?format=json&branch=${first.body.branchId}`,
    );
    expect(original.body.turns.map((t) => t.turnId)).toEqual(["t1", "t2"]);
    const md = await alice.request<string>("GET", `/api/conversations/${conv.id}/export?format=markdown`);
    expect(md.body).toContain("_Version 2 of 2 of this message._");
    expect(md.body).toContain("# Other branches (1)");
    // The other branch is the original one, from the first message on.
    expect(md.body).toContain("## Branch 1\n\n_From the first message._");
    expect(md.body.indexOf("And 5+5?")).toBeLessThan(md.body.indexOf("And 3+3?"));

    // A link to the first branch shows that branch, whichever was used last.
    const made = await alice.request<{ share: Share }>("POST", `/api/conversations/${conv.id}/shares`, {
      expiresInDays: 1,
      branchId: first.body.branchId,
    });
    const seen = await bob.request<{ turns: Array<{ turnId: string }> }>(
      "GET",
      `/api/shares/${made.body.share.id}`,
    );
    expect(seen.body.turns.map((t) => t.turnId)).toEqual(["t1", "t2"]);
    // A later turn on the edited branch is not in a link made before it.
    const onEdit = await alice.request<{ share: Share }>("POST", `/api/conversations/${conv.id}/shares`, {
      expiresInDays: 1,
    });
    await postEvents(
      broker.url,
      batch(turnEvents(minted.body.sessionId, 10, "b2", "later", ["private"], "complete")),
    );
    const edited = await bob.request<{ turns: Array<{ turnId: string }> }>(
      "GET",
      `/api/shares/${onEdit.body.share.id}`,
    );
    expect(edited.body.turns.map((t) => t.turnId)).toEqual(["t1", "b1"]);
    expect(
      (
        await alice.request("POST", `/api/conversations/${conv.id}/shares`, {
          expiresInDays: 1,
          branchId: "00000000-0000-4000-8000-000000000000",
        })
      ).status,
    ).toBe(404);
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
