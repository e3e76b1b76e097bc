/**
 * Issue 14's "Done when", in the browser: an administrator registers the AgentCore articles' agent
 * (examples/basic-agent, served by the local runtime under its own ARN) in the admin console; a user picks it
 * for a new conversation, chats (the answer streams), interrupts by sending a new message and with Stop,
 * reloads and sees the history; the administrator sees those turns marked as reported by the browser.
 */
import type { Page } from "@playwright/test";
import { createUser, expect, stack, test } from "../fixtures/test.ts";
import { AdminAgentsPage } from "../pages/admin-agents-page.ts";
import { ChatPage } from "../pages/chat-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";

/** The fixture answers a prompt asking for detail at length (about 400 words, 25 ms apart). */
const FIRST = "Explain bidirectional streaming in detail.";
const SECOND = "Explain it once more, in detail, please.";
const THIRD = "Thanks. Anything else?";

async function signedIn(page: Page, email: string, password: string): Promise<void> {
  await new SignInPage(page).signIn(email, password);
}

test("an admin registers the articles' agent; a user picks it, chats, interrupts by sending and with Stop, and finds it all after a reload", async ({
  browser,
}) => {
  const displayName = `Articles agent ${Date.now()}`;

  // The administrator registers the basic fixture in the console.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signedIn(adminPage, stack.admin.email, stack.admin.password);
  const agents = new AdminAgentsPage(adminPage);
  await agents.open();
  await agents.register({
    name: `articles-${Date.now()}`,
    displayName,
    runtimeArn: stack.basicAgentArn,
    protocolLevel: "basic",
  });
  await expect(agents.row(displayName)).toBeVisible();

  // A user picks it for a new conversation.
  const user = await createUser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signedIn(page, user.email, user.password);
  const chat = new ChatPage(page);
  await chat.newConversationWith(displayName);
  // It reads text only: no files and no voice are offered for it, here or in the conversation.
  const attach = page.getByRole("button", { name: "Attach files" });
  await expect(attach).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Voice/ })).toHaveCount(0);

  // The first message creates the conversation with that agent; the answer streams: many chunks, and the
  // text on screen grows with them.
  await chat.send(FIRST);
  const conversationId = chat.conversationId();
  await expect(chat.conversationAgent).toContainText(displayName);
  await expect(chat.tracePane).toContainText("This agent sends no traces");
  await expect(attach).toHaveCount(0);
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.chunkCount()).toBeGreaterThan(10);
  const early = (await chat.answer(0).textContent()) ?? "";
  await expect
    .poll(async () => ((await chat.answer(0).textContent()) ?? "").length)
    .toBeGreaterThan(early.length);
  await chat.screenshot("basic-agent-streaming");

  // A new message mid-answer interrupts it; the partial stays, marked.
  await chat.send(SECOND);
  await chat.waitForStatus(0, "interrupted");
  await expect(chat.turns.nth(0)).toContainText("Stopped for your next message · partial answer");
  const interrupted = chat.frames.find((f) => f.type === "interrupted");
  expect(interrupted?.partialResponse?.startsWith(`You said: "${FIRST}"`)).toBe(true);
  await chat.waitForStatus(1, "streaming");
  await expect.poll(async () => ((await chat.answer(1).textContent()) ?? "").length).toBeGreaterThan(100);

  // Stop closes the socket (which is how this agent stops) and says so; nothing more of that answer arrives.
  const socketsBeforeStop = chat.socketUrls.length;
  await chat.stopButton.click();
  await chat.waitForStatus(1, "interrupted");
  await expect(chat.turns.nth(1)).toContainText("Stopped by you · partial answer");
  const chunksAtStop = chat.chunkCount();
  await page.waitForTimeout(1000);
  expect(chat.chunkCount()).toBe(chunksAtStop);

  // The next prompt goes on a fresh URL for the same runtime session, and is answered in full.
  await chat.waitConnected();
  await chat.send(THIRD);
  await chat.waitForStatus(2, "complete");
  expect(chat.socketUrls.length).toBe(socketsBeforeStop + 1);
  expect(new Set(chat.socketUrls).size).toBe(chat.socketUrls.length);
  const { conversation } = (await (
    await page.request.get(`/api/conversations/${conversationId}`)
  ).json()) as {
    conversation: { sessionId: string };
  };
  for (const url of chat.socketUrls) expect(new URL(url).search).toContain(conversation.sessionId);
  // The browser spoke the articles' wire and nothing else.
  expect(chat.sentFrames.map((frame) => Object.keys(JSON.parse(frame)))).toEqual([
    ["inputText"],
    ["inputText"],
    ["inputText"],
  ]);
  const before = await chat.turns.allTextContents();
  await chat.screenshot("basic-agent-before-reload");

  // The browser reported each turn; a reload shows them from the broker's history, as they were.
  await expect
    .poll(async () => {
      const answer = await page.request.get(`/api/conversations/${conversationId}/messages`);
      return ((await answer.json()) as { turns: unknown[] }).turns.length;
    })
    .toBe(3);
  await page.reload();
  await chat.waitConnected();
  await expect(chat.turns).toHaveCount(3);
  await expect(chat.answer(0)).toHaveAttribute("data-status", "interrupted");
  await expect(chat.answer(1)).toHaveAttribute("data-status", "interrupted");
  await expect(chat.answer(2)).toHaveAttribute("data-status", "complete");
  expect(await chat.turns.allTextContents()).toEqual(before);
  await chat.screenshot("basic-agent-after-reload");

  // The administrator sees the same turns, marked as reported by the browser, and no traces.
  await adminPage.goto(`/admin/conversations/${encodeURIComponent(conversationId)}`);
  await expect(adminPage.getByText("Reported by the browser")).toHaveCount(3);
  await expect(adminPage.getByRole("region", { name: "Trace" })).toContainText("This agent sends no traces");

  await context.close();
  await adminContext.close();
});
