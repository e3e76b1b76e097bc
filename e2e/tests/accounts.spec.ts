/**
 * Access that changes under an open conversation, and the password rule as the forms state it. When the
 * sign-in ends elsewhere (signed out, disabled by an admin, password changed) or the conversation is deleted
 * in another tab, the runtime closes the browser's socket (here the test closes it, standing in for the
 * broker's StopRuntimeSession; the broker's answers are real): the next mint is refused, and the
 * conversation says why, with no reconnect loop. The password forms state and check the broker's rule.
 */
import type { Page, WebSocketRoute } from "@playwright/test";
import { BrokerApi } from "../fixtures/api.ts";
import { type Account, createUser, expect, stack, test } from "../fixtures/test.ts";
import type { ChatPage } from "../pages/chat-page.ts";

const RUNTIME_HOST = new URL(stack.runtimeUrl).host;

/**
 * Passes the page's runtime sockets through, so the test can close them as the runtime does when the broker
 * stops a runtime session (close code 1008). Also counts the page's connection mints from a given moment.
 */
async function watchConnection(page: Page) {
  const sockets: WebSocketRoute[] = [];
  const mints: number[] = [];
  await page.routeWebSocket(
    (url) => url.host === RUNTIME_HOST,
    (socket) => {
      socket.connectToServer();
      sockets.push(socket);
    },
  );
  page.on("request", (request) => {
    if (
      request.method() === "POST" &&
      /^\/api\/conversations\/[^/]+\/connection$/.test(new URL(request.url()).pathname)
    )
      mints.push(Date.now());
  });
  return {
    /** Closes every open runtime socket of the page; returns when. */
    async stopRuntimeSession(): Promise<number> {
      const at = Date.now();
      for (const socket of sockets.splice(0))
        await socket.close({ code: 1008, reason: "runtime session stopped" });
      return at;
    },
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

async function apiAs(account: Account): Promise<{ api: BrokerApi; id: string }> {
  const api = new BrokerApi(stack.publicUrl);
  const user = await api.login(account.email, account.password);
  return { api, id: user.id };
}

const SIGNED_OUT = "You were signed out, so this conversation was disconnected. Sign in again to continue.";

const ENDINGS = [
  {
    what: "the user signs out in another browser",
    revoke: async (account: Account) => {
      const { api } = await apiAs(account);
      await api.request("POST", "/api/auth/logout");
      return account.password;
    },
  },
  {
    what: "the user's password is changed elsewhere",
    revoke: async (account: Account) => {
      const { api } = await apiAs(account);
      const next = "a brand new e2e passphrase";
      await api.request("POST", "/api/me/password", { currentPassword: account.password, newPassword: next });
      return next;
    },
  },
  {
    what: "an admin disables the user",
    revoke: async (account: Account) => {
      const { id } = await apiAs(account);
      const admin = new BrokerApi(stack.publicUrl);
      await admin.login(stack.admin.email, stack.admin.password);
      await admin.request("PATCH", `/api/admin/users/${id}`, { disabled: true });
      return null;
    },
  },
] as const;

for (const ending of ENDINGS) {
  test(`when ${ending.what}, the conversation says it was signed out and does not reconnect`, async ({
    page,
    signIn,
    chat,
  }) => {
    const account = await createUser();
    const connection = await watchConnection(page);
    await signIn.signIn(account.email, account.password);
    const conversationId = await streamingConversation(chat);

    const password = await ending.revoke(account);
    const closedAt = await connection.stopRuntimeSession();

    await expect(page.getByRole("alert").filter({ hasText: SIGNED_OUT })).toBeVisible();
    await expect(page.getByText("Disconnected", { exact: true })).toBeVisible();
    await expect(chat.answer(0)).toHaveAttribute("data-status", "interrupted");
    await expect(chat.turns.nth(0).getByRole("note")).toContainText(
      "Cut off: this conversation was disconnected",
    );
    await expect(chat.composer).toHaveCount(0);
    // One mint after the close (answered 401), then nothing: several back-off periods later, still one.
    await page.waitForTimeout(4_000);
    expect(connection.mintsSince(closedAt)).toBe(1);
    await expect(page.getByText("Reconnecting", { exact: true })).toHaveCount(0);
    await chat.screenshot(`signed-out-${ending.what.split(" ").at(-1)}`);

    // Signing in again brings the user back to this conversation.
    await page.getByRole("link", { name: "Sign in again" }).click();
    await expect(page).toHaveURL(/\/sign-in\?signed_out=1&next=/);
    await expect(page.getByRole("status")).toContainText("You were signed out");
    if (password === null) return;
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/c/${conversationId}$`));
    await chat.waitConnected();
  });
}

test("when the conversation is deleted in another tab, it says so and the sidebar drops it", async ({
  page,
  signIn,
  chat,
}) => {
  const account = await createUser();
  const connection = await watchConnection(page);
  await signIn.signIn(account.email, account.password);
  const conversationId = await streamingConversation(chat);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar.locator(`a[href="/c/${conversationId}"]`)).toHaveCount(1);

  const { api } = await apiAs(account);
  await api.request("DELETE", `/api/conversations/${conversationId}`);
  const closedAt = await connection.stopRuntimeSession();

  await expect(page.getByRole("alert").filter({ hasText: "This conversation was deleted." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Start a new conversation" })).toBeVisible();
  await expect(sidebar.locator(`a[href="/c/${conversationId}"]`)).toHaveCount(0);
  await page.waitForTimeout(4_000);
  expect(connection.mintsSince(closedAt)).toBe(1);
  await expect(page.getByText("Reconnecting", { exact: true })).toHaveCount(0);
});

test("the password forms state the broker's rule and accept what the API accepts", async ({
  page,
  signIn,
}) => {
  const { password } = (await (await fetch(`${stack.publicUrl}/api/auth/config`)).json()) as {
    password: { minChars: number; maxChars: number };
  };
  const hint = `Use ${password.minChars} to ${password.maxChars} characters; a long passphrase is best.`;
  const admin = await createUser("admin");
  await signIn.signIn(admin.email, admin.password);

  // The admin's form: a password of the minimum length (the form used to ask for 12).
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Create a user" });
  await expect(form.getByText(hint)).toBeVisible();
  const email = `rule-${Date.now()}@e2e.interject.test`;
  const initial = "Zq8#vLp2xKw4".slice(0, password.minChars);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill(initial.slice(0, -1));
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert")).toHaveText(
    `Use at least ${password.minChars} characters (this one has ${password.minChars - 1}).`,
  );
  await form.getByLabel("Initial password").fill(initial);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();

  // The new user changes it, again to one of the minimum length.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await signIn.signIn(email, initial);
  await page.goto("/settings/password");
  await expect(page.getByText(hint)).toBeVisible();
  const next = "Rt5!mNc7yHs3".slice(0, password.minChars);
  await page.getByLabel("Current password").fill(initial);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Repeat the new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed.");
});
