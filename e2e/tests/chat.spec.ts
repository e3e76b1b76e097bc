/**
 * Chatting in the browser: a streamed answer, the transcript following it, Stop, interrupting by sending,
 * approvals (the verdict in its place in the answer, live, after a reload and in the admin view), keyboard use.
 */
import type { Locator, Page } from "@playwright/test";
import { createUser, expect, test } from "../fixtures/test.ts";
import { SignInPage } from "../pages/sign-in-page.ts";

test.beforeEach(async ({ signIn }) => {
  const user = await createUser();
  await signIn.signIn(user.email, user.password);
});

test("a streamed answer arrives in many chunks and ends complete", async ({ chat }) => {
  await chat.newConversation();
  await chat.send("Explain in detail how Interject streams an answer.");
  await chat.waitForStatus(0, "streaming");
  await chat.screenshot("chat-streaming");
  await chat.waitForStatus(0, "complete");
  const [turnId = ""] = chat.turnIds();
  const frames = chat.turnFrames(turnId);
  const chunks = frames.filter((f) => f.type === "chunk");
  const complete = frames.find((f) => f.type === "complete");
  expect(chunks.length).toBeGreaterThan(10);
  expect(complete?.fullResponse).toBe(chunks.map((c) => c.data).join(""));
  await expect(chat.answer(0)).toContainText("offline model");
  await chat.screenshot("chat-complete");
});

test("the transcript follows a streaming answer, stays put when the reader scrolls up, and Jump to latest follows again", async ({
  chat,
  page,
}) => {
  // A short window, so the answer overflows the transcript early and keeps growing for many seconds after.
  await page.setViewportSize({ width: 1280, height: 480 });
  await chat.newConversation();
  await chat.send("Explain in detail how Interject streams an answer, step by step.");
  await chat.waitForStatus(0, "streaming");
  const fromBottom = async () => (await chat.transcriptScroll()).fromBottom;
  const moreChunks = async (count: number) => {
    const target = chat.chunkCount() + count;
    await expect.poll(() => chat.chunkCount()).toBeGreaterThanOrEqual(target);
  };
  // The view is pinned a frame after the content grows, so "at the bottom" gets a few frames to be true.
  const atBottom = { intervals: [20], timeout: 1_000 };

  // Following: once the answer outgrows the window, after every few chunks the view is at the bottom, and
  // it moves down as the answer grows.
  await expect.poll(async () => (await chat.transcriptScroll()).overflow).toBeGreaterThan(100);
  await expect.poll(fromBottom, atBottom).toBeLessThanOrEqual(4);
  const followingFrom = await chat.transcriptScroll();
  for (let sample = 0; sample < 6; sample++) {
    await moreChunks(3);
    await expect.poll(fromBottom, atBottom).toBeLessThanOrEqual(4);
    await expect(chat.transcript).toHaveAttribute("data-following", "true");
    await expect(chat.jumpToLatest).toBeHidden();
  }
  const followed = await chat.transcriptScroll();
  expect(followed.height).toBeGreaterThan(followingFrom.height);
  expect(followed.top).toBeGreaterThan(followingFrom.top);
  await chat.screenshot("transcript-following");

  // The reader scrolls up: the view stays where they left it while the answer goes on below.
  await expect.poll(async () => (await chat.transcriptScroll()).top).toBeGreaterThan(400);
  await chat.wheelTranscriptUp(300);
  await expect(chat.transcript).toHaveAttribute("data-following", "false");
  await expect(chat.jumpToLatest).toBeVisible();
  const readerTop = await chat.settledScrollTop();
  const scrolledUp = await chat.transcriptScroll();
  expect(scrolledUp.fromBottom).toBeGreaterThan(100);
  for (let sample = 0; sample < 5; sample++) {
    await moreChunks(4);
    expect(Math.abs((await chat.transcriptScroll()).top - readerTop)).toBeLessThanOrEqual(2);
    await expect(chat.jumpToLatest).toBeVisible();
  }
  const readOn = await chat.transcriptScroll();
  expect(readOn.height).toBeGreaterThan(scrolledUp.height);
  expect(Math.abs(readOn.top - readerTop)).toBeLessThanOrEqual(2);
  await chat.screenshot("transcript-scrolled-up");
  await expect(chat.answer(0)).toHaveAttribute("data-status", "streaming");

  // Jump to latest: back at the bottom, and following again as the rest of the answer arrives.
  await chat.jumpToLatest.click();
  await expect(chat.jumpToLatest).toBeHidden();
  await expect(chat.transcript).toHaveAttribute("data-following", "true");
  await expect.poll(fromBottom).toBeLessThanOrEqual(4);
  const jumped = await chat.transcriptScroll();
  for (let sample = 0; sample < 3; sample++) {
    await moreChunks(3);
    await expect.poll(fromBottom, atBottom).toBeLessThanOrEqual(4);
    await expect(chat.jumpToLatest).toBeHidden();
  }
  await chat.waitForStatus(0, "complete");
  await expect.poll(fromBottom, atBottom).toBeLessThanOrEqual(4);
  const done = await chat.transcriptScroll();
  expect(done.height).toBeGreaterThan(jumped.height);
  expect(done.top).toBeGreaterThan(jumped.top);
  await expect(chat.jumpToLatest).toBeHidden();
});

test("Stop keeps the partial answer, marked interrupted, and the next answer follows", async ({ chat }) => {
  await chat.newConversation();
  await chat.send("Explain in detail how traces work, step by step.");
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(3);
  await chat.stopButton.click();
  await chat.waitForStatus(0, "interrupted");
  await expect(chat.turns.nth(0)).toContainText("partial answer");
  const [turnId = ""] = chat.turnIds();
  const frames = chat.turnFrames(turnId);
  const interrupted = frames.find((f) => f.type === "interrupted");
  const sent = frames
    .filter((f) => f.type === "chunk")
    .map((f) => f.data)
    .join("");
  expect(interrupted?.partialResponse).toBe(sent);
  expect(sent.length).toBeGreaterThan(0);
  await chat.screenshot("chat-interrupted");

  await chat.send("What is 6 * 7?");
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText("42");
  await expect(chat.answer(0)).toHaveAttribute("data-status", "interrupted");
});

test("Escape stops the answer too", async ({ chat, page }) => {
  await chat.newConversation();
  await chat.send("Explain in detail how resume works.");
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(2);
  await page.keyboard.press("Escape");
  await chat.waitForStatus(0, "interrupted");
});

test("sending a new message while an answer streams interrupts it", async ({ chat }) => {
  await chat.newConversation();
  await chat.send("Explain in detail the whole architecture.");
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(3);
  await chat.send("Actually, just tell me what 2 + 2 is.");
  await chat.waitForStatus(0, "interrupted");
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText("4");
  const [first = ""] = chat.turnIds();
  const interrupted = chat.turnFrames(first).find((f) => f.type === "interrupted");
  expect(interrupted?.partialResponse).toBe(
    chat
      .turnFrames(first)
      .filter((f) => f.type === "chunk")
      .map((f) => f.data)
      .join(""),
  );
});

test("Shift+Enter breaks the line and Enter sends", async ({ chat }) => {
  await chat.newConversation();
  await chat.composer.fill("first line");
  await chat.composer.press("Shift+Enter");
  await chat.composer.type("second line");
  await expect(chat.composer).toHaveValue("first line\nsecond line");
  await chat.composer.press("Enter");
  await expect(chat.turns.nth(0)).toContainText("second line");
  await chat.waitForStatus(0, "complete");
});

test("an approval can be approved, and another denied; each card shows the verdict in its place, after a reload and to an admin", async ({
  chat,
  page,
  browser,
}) => {
  await chat.newConversation();
  await chat.send("Please file a ticket about the login page being slow.");
  const conversationId = chat.conversationId();
  const approve = page.getByRole("button", { name: "Approve" });
  await expect(approve).toBeVisible();
  await chat.screenshot("approval-request");
  await approve.click();
  await chat.waitForStatus(0, "complete");
  await expect(chat.answer(0)).toContainText(/ticket/i);
  expect(chat.frames.some((f) => f.type === "approval_request")).toBe(true);

  await chat.send("Please file a ticket about the dark theme colours.");
  const deny = page.getByRole("button", { name: "Deny" });
  await expect(deny).toBeVisible();
  await deny.click();
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText(/not|denied|didn/i);

  // The agent asked before writing anything, so each card comes first in its answer, above the text it
  // led to; and it says what the agent decided, never "counts as denied" for an approved call.
  const verdicts = async (target: Page, answers: (index: number) => Locator) => {
    await expect(answers(0).locator(".approval")).toContainText("Approved: the tool ran.");
    await expect(answers(1).locator(".approval")).toContainText("Denied: the tool did not run.");
    await expect(target.getByText(/counts as denied/)).toHaveCount(0);
    for (const [index, after] of [
      [0, "Done."],
      [1, "I did not file the ticket."],
    ] as const) {
      const text = (await answers(index).textContent()) ?? "";
      expect(text.indexOf("Approval request")).toBeGreaterThanOrEqual(0);
      expect(text.indexOf("Approval request")).toBeLessThan(text.indexOf(after));
    }
  };
  await verdicts(page, (index) => chat.answer(index));
  await chat.screenshot("approval-verdicts");

  await page.reload();
  await chat.waitConnected();
  await verdicts(page, (index) => chat.answer(index));

  const admin = await createUser("admin");
  const context = await browser.newContext();
  const adminPage = await context.newPage();
  await new SignInPage(adminPage).signIn(admin.email, admin.password);
  await adminPage.goto(`/admin/conversations/${encodeURIComponent(conversationId)}`);
  const adminTurns = adminPage.getByRole("log").locator("article.turn");
  await verdicts(adminPage, (index) => adminTurns.nth(index).locator(".bubble.assistant"));
  await context.close();
});
