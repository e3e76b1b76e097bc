/**
 * Revocation through the whole stack, nothing stood in for: the broker calls StopRuntimeSession on the local
 * runtime, which closes the browser's socket and tells the agent; the agent ends the running answer as
 * interrupted with reason `revoked` and records it in the trace; the browser says why within 2 s and does not
 * reconnect. A demoted admin's full-trace connection ends too and comes back at the milestones level.
 */
import type { Page } from "@playwright/test";
import { BrokerApi } from "../fixtures/api.ts";
import { type Account, createUser, expect, stack, test } from "../fixtures/test.ts";
import type { ChatPage } from "../pages/chat-page.ts";

const RUNTIME_HOST = new URL(stack.runtimeUrl).host;
const SIGNED_OUT = "You were signed out, so this conversation was disconnected. Sign in again to continue.";

/** When the page's runtime sockets close, and how many connections it minted since a moment. */
function watchSockets(page: Page) {
  const closed: number[] = [];
  const mints: number[] = [];
  page.on("websocket", (socket) => {
    if (new URL(socket.url()).host === RUNTIME_HOST) socket.on("close", () => closed.push(Date.now()));
  });
  page.on("request", (request) => {
    if (
      request.method() === "POST" &&
      /^\/api\/conversations\/[^/]+\/connection$/.test(new URL(request.url()).pathname)
    )
      mints.push(Date.now());
  });
  return {
    closedSince: (at: number) => closed.find((t) => t >= at),
    mintsSince: (at: number) => mints.filter((t) => t >= at).length,
  };
}

async function streamingConversation(chat: ChatPage): Promise<string> {
  await chat.newConversation();
  await chat.send("Explain in detail, step by step, how Interject streams an answer.");
  const id = chat.conversationId();
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.chunkCount()).toBeGreaterThan(3);
  return id;
}

async function signedIn(account: Account): Promise<BrokerApi> {
  const api = new BrokerApi(stack.publicUrl);
  await api.login(account.email, account.password);
  return api;
}

async function asAdmin(): Promise<BrokerApi> {
  const admin = new BrokerApi(stack.publicUrl);
  await admin.login(stack.admin.email, stack.admin.password);
  return admin;
}

interface StoredEvent {
  type: string;
  reason?: string;
  trace?: { kind: string; reason?: string };
}

/** The conversation's stored events as an admin reads them (full trace level). */
async function storedEvents(conversationId: string): Promise<StoredEvent[]> {
  const admin = await asAdmin();
  const detail = await admin.request<{ events: StoredEvent[] }>(
    "GET",
    `/api/admin/conversations/${conversationId}`,
  );
  return detail.events;
}

const ENDINGS = [
  {
    what: "an admin disables the user",
    revoke: async (account: Account) => {
      const me = await (await signedIn(account)).request<{ user: { id: string } }>("GET", "/api/me");
      await (await asAdmin()).request("PATCH", `/api/admin/users/${me.user.id}`, { disabled: true });
    },
  },
  {
    what: "the user signs out in another browser",
    revoke: async (account: Account) => {
      await (await signedIn(account)).request("POST", "/api/auth/logout");
    },
  },
] as const;

for (const ending of ENDINGS) {
  test(`when ${ending.what}, the open socket ends within 2 s, the agent records the answer as revoked, and the page says why`, async ({
    page,
    signIn,
    chat,
  }) => {
    const account = await createUser();
    const sockets = watchSockets(page);
    await signIn.signIn(account.email, account.password);
    const conversationId = await streamingConversation(chat);

    const revokedAt = Date.now();
    await ending.revoke(account);

    await expect.poll(() => sockets.closedSince(revokedAt), { timeout: 5_000 }).toBeDefined();
    expect((sockets.closedSince(revokedAt) ?? Number.POSITIVE_INFINITY) - revokedAt).toBeLessThan(2_000);
    await expect(page.getByRole("alert").filter({ hasText: SIGNED_OUT })).toBeVisible();
    await expect(chat.answer(0)).toHaveAttribute("data-status", "interrupted");
    // One mint after the close (refused), then nothing: no reconnect loop.
    await page.waitForTimeout(3_000);
    expect(sockets.mintsSince(revokedAt)).toBe(1);
    await expect(page.getByText("Reconnecting", { exact: true })).toHaveCount(0);

    // The agent ended the answer itself, as revoked, and traced it; the broker stored both.
    await expect
      .poll(async () => {
        const events = await storedEvents(conversationId);
        return {
          interrupted: events.find((e) => e.type === "interrupted")?.reason,
          traced: events.find((e) => e.type === "trace" && e.trace?.kind === "interruption")?.trace?.reason,
        };
      })
      .toEqual({ interrupted: "revoked", traced: "revoked" });
  });
}

test("deleting the conversation in another tab ends its socket within 2 s and the page says so", async ({
  page,
  signIn,
  chat,
}) => {
  const account = await createUser();
  const sockets = watchSockets(page);
  await signIn.signIn(account.email, account.password);
  const conversationId = await streamingConversation(chat);

  const deletedAt = Date.now();
  await (await signedIn(account)).request("DELETE", `/api/conversations/${conversationId}`);

  await expect.poll(() => sockets.closedSince(deletedAt), { timeout: 5_000 }).toBeDefined();
  expect((sockets.closedSince(deletedAt) ?? Number.POSITIVE_INFINITY) - deletedAt).toBeLessThan(2_000);
  await expect(page.getByRole("alert").filter({ hasText: "This conversation was deleted." })).toBeVisible();
  await page.waitForTimeout(3_000);
  expect(sockets.mintsSince(deletedAt)).toBe(1);
});

test("a demoted admin's full-trace connection ends and comes back at the milestones level", async ({
  page,
  signIn,
  chat,
}) => {
  const account = await createUser("admin");
  const sockets = watchSockets(page);
  await signIn.signIn(account.email, account.password);
  await streamingConversation(chat);
  expect(chat.frames.find((f) => f.type === "session")?.traceLevel).toBe("full");

  const me = await (await signedIn(account)).request<{ user: { id: string } }>("GET", "/api/me");
  const demotedAt = Date.now();
  await (await asAdmin()).request("PATCH", `/api/admin/users/${me.user.id}`, { role: "user" });

  await expect.poll(() => sockets.closedSince(demotedAt), { timeout: 5_000 }).toBeDefined();
  expect((sockets.closedSince(demotedAt) ?? Number.POSITIVE_INFINITY) - demotedAt).toBeLessThan(2_000);
  // Still signed in: the page reconnects with a new URL, now signed for milestones only. The agent rebuilt
  // the session from the broker, so the page may resynchronise once more (resume_too_old: the revoked
  // answer's end never reached it); every connection after the demotion is at the milestones level.
  const levels = () => chat.frames.filter((f) => f.type === "session").map((f) => f.traceLevel);
  await expect.poll(() => levels().length).toBeGreaterThanOrEqual(2);
  await chat.waitConnected();
  const [before, ...after] = levels();
  expect(before).toBe("full");
  expect(after.length).toBeLessThanOrEqual(2);
  expect(after.every((level) => level === "milestones")).toBe(true);
});
