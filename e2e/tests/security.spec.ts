/**
 * What one user can and cannot reach, trace levels as the browser receives them, the admin's view and its
 * audit trail, expired URLs, attack strings that must never execute, and remote images that must never load.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { BrokerApi } from "../fixtures/api.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";
import { ChatPage } from "../pages/chat-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";

test("a user receives milestone traces (and approval verdicts, none asked here) but nothing else; an admin receives the full trace", async ({
  browser,
}) => {
  const user = await createUser("user");
  const admin = await createUser("admin");
  const kinds: Record<string, Set<string>> = {};
  for (const [name, account] of [
    ["user", user],
    ["admin", admin],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const chat = new ChatPage(page);
    await new SignInPage(page).signIn(account.email, account.password);
    await chat.newConversation();
    await chat.send("Explain in detail what 12 * 12 is and search the docs about interruption.");
    await chat.waitForStatus(0, "complete");
    kinds[name] = new Set(chat.frames.filter((f) => f.type === "trace").map((f) => f.trace?.kind ?? ""));
    const hello = chat.frames.find((f) => f.type === "session");
    expect(hello?.traceLevel).toBe(name === "admin" ? "full" : "milestones");
    if (name === "admin") await chat.screenshot("admin-full-trace");
    await context.close();
  }
  expect([...(kinds.user ?? [])]).toEqual(["milestone"]);
  expect(kinds.admin).toEqual(new Set(["milestone", "reasoning", "tool_call", "tool_result", "model_call"]));
});

test("user B can neither open nor connect to user A's conversation", async ({ page }) => {
  const alice = await createUser();
  const bob = await createUser();
  const aliceApi = new BrokerApi(stack.publicUrl);
  await aliceApi.login(alice.email, alice.password);
  const conversation = await aliceApi.createConversation("Alice's secret plans");

  const bobApi = new BrokerApi(stack.publicUrl);
  await bobApi.login(bob.email, bob.password);
  await expect(bobApi.connection(conversation.id)).rejects.toMatchObject({ status: 404 });
  await expect(bobApi.request("GET", `/api/conversations/${conversation.id}/messages`)).rejects.toMatchObject(
    {
      status: 404,
    },
  );

  await new SignInPage(page).signIn(bob.email, bob.password);
  await page.goto(`/c/${encodeURIComponent(conversation.id)}`);
  await expect(page.getByText(/could not be loaded|not found/i).first()).toBeVisible();
  await expect(page.getByText("Alice's secret plans")).toHaveCount(0);
});

test("an admin reads user A's conversation with its trace, and the audit log shows the read", async ({
  page,
}) => {
  const alice = await createUser();
  const admin = await createUser("admin");
  const aliceApi = new BrokerApi(stack.publicUrl);
  await aliceApi.login(alice.email, alice.password);
  const conversation = await aliceApi.createConversation("Alice asks about numbers");
  const { url } = await aliceApi.connection(conversation.id);
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on("open", () => {
      socket.send(JSON.stringify({ type: "resume", afterSeq: 0 }));
      socket.send(JSON.stringify({ type: "prompt", id: "p1", text: "What is 21 * 2?" }));
    });
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "complete") {
        socket.close();
        resolve();
      }
    });
    socket.on("error", reject);
  });

  await new SignInPage(page).signIn(admin.email, admin.password);
  await expect
    .poll(async () => {
      const adminApi = new BrokerApi(stack.publicUrl);
      await adminApi.login(admin.email, admin.password);
      const detail = await adminApi.request<{ turns: { status: string }[] }>(
        "GET",
        `/api/admin/conversations/${conversation.id}`,
      );
      return detail.turns[0]?.status;
    })
    .toBe("complete");
  await page.goto(`/admin/conversations/${encodeURIComponent(conversation.id)}`);
  await expect(page.getByRole("log").getByText("What is 21 * 2?")).toBeVisible();
  await expect(page.getByText(/model_call|Model call/i).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/admin-conversation.png", fullPage: true });

  const adminApi = new BrokerApi(stack.publicUrl);
  await adminApi.login(admin.email, admin.password);
  const audit = await adminApi.request<{ items: { action: string; targetId?: string | null }[] }>(
    "GET",
    "/api/admin/audit?limit=50",
  );
  expect(JSON.stringify(audit.items)).toContain(conversation.id);
});

test("an expired URL is refused before the upgrade, and the app mints a fresh one", async ({
  page,
  chat,
}) => {
  const user = await createUser();
  const api = new BrokerApi(stack.publicUrl);
  await api.login(user.email, user.password);
  const conversation = await api.createConversation("expiry");
  const { url, expiresAt } = await api.connection(conversation.id);
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(expiresAt) - Date.now()) + 1500));
  const status = await new Promise<number>((resolve) => {
    const socket = new WebSocket(url);
    socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
    socket.on("error", () => resolve(-1));
  });
  expect(status).toBe(403);

  await new SignInPage(page).signIn(user.email, user.password);
  await chat.open(conversation.id);
  await chat.send("What is 3 + 4?");
  await chat.waitForStatus(0, "complete");
  expect(chat.socketUrls.every((u) => u !== url)).toBe(true);
});

test("Markdown and HTML attack strings in prompts and answers never execute", async ({ page, chat }) => {
  const user = await createUser();
  await new SignInPage(page).signIn(user.email, user.password);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await chat.newConversation();
  const attacks = [
    `<img src=x onerror="window.__xss = 1; alert(1)">`,
    `[click me](javascript:window.__xss=2)`,
    `<script>window.__xss = 3</script>`,
    `<a href="javascript:alert(4)">link</a>`,
    `![x](javascript:alert(5))`,
    `<svg onload="alert(6)"></svg>`,
  ];
  // The offline model repeats a ticket's title in its answer, so the attack reaches the answer too.
  await chat.send(`Please file a ticket about ${attacks.join(" ")}`);
  const deny = page.getByRole("button", { name: "Deny" });
  await expect(deny).toBeVisible();
  await deny.click();
  await chat.waitForStatus(0, "complete");
  await chat.send(`Remember this: ${attacks.join("\n\n")}`);
  await chat.waitForStatus(1, "complete");
  for (const link of await page.locator("a").all()) {
    expect((await link.getAttribute("href")) ?? "").not.toMatch(/^\s*javascript:/i);
  }
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator(".bubble script, .bubble img[onerror], .bubble svg[onload]").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("a remote image in an answer is a link with its alt text and is never requested, live or after a reload, whatever the CSP", async ({
  browser,
}) => {
  // A server that would see the request: the "attacker's" image host.
  const hits: string[] = [];
  const imageHost = createServer((request, response) => {
    hits.push(request.url ?? "");
    response.writeHead(200, { "content-type": "image/gif" }).end();
  });
  await new Promise<void>((resolve) => imageHost.listen(0, "127.0.0.1", resolve));
  const pixel = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/pixel.gif?secret=1`;
  try {
    // Without the page's CSP, so only the renderer stands between the answer and the request.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(pixel.split("/pixel")[0] ?? pixel)) requested.push(request.url());
    });
    const chat = new ChatPage(page);
    const user = await createUser();
    await new SignInPage(page).signIn(user.email, user.password);
    await chat.newConversation();
    // The offline model quotes earlier prompts when asked what they were: the image reaches an answer.
    await chat.send(`![tracking pixel](${pixel})`);
    const id = chat.conversationId();
    await chat.waitForStatus(0, "complete");
    await chat.send("What did I ask earlier?");
    await chat.waitForStatus(1, "complete");
    const check = async () => {
      // Whatever the renderer made of it has had its chance to load before anything else is looked at.
      await expect(chat.answer(1)).toContainText("Earlier in this session you asked");
      await page.waitForLoadState("networkidle");
      expect(requested).toEqual([]);
      expect(hits).toEqual([]);
      const link = chat.answer(1).getByRole("link", { name: "tracking pixel" });
      await expect(link).toHaveAttribute("href", pixel);
      expect(await page.locator(".bubble img").count()).toBe(0);
    };
    await check();
    await page.reload();
    await chat.waitConnected();
    await check();
    expect(chat.turns).toHaveCount(2);
    await page.goto(`/c/${encodeURIComponent(id)}`);
    await chat.waitConnected();
    await check();
    expect(requested).toEqual([]);
    expect(hits).toEqual([]);
    await context.close();
  } finally {
    await new Promise((resolve) => imageHost.close(resolve));
  }
});
