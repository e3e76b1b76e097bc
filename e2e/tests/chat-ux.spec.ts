/**
 * The chat people expect (issue 16): start typing at once, retry and edit as versions the agent follows,
 * the sidebar (dates, pins, a menu per item, search in what was said), keyboard shortcuts, the phone layout
 * at 375 px, and the look (theme switch remembered, no heavy outline, offline answers with their lists).
 */
import type { Page } from "@playwright/test";
import { BrokerApi } from "../fixtures/api.ts";
import { type Account, createUser, expect, stack, test } from "../fixtures/test.ts";

let account: Account;
test.beforeEach(async ({ signIn }) => {
  account = await createUser("admin");
  await signIn.signIn(account.email, account.password);
});

async function conversationsOf(who: Account) {
  const api = new BrokerApi(stack.publicUrl);
  await api.login(who.email, who.password);
  return api.request<{ items: Array<{ id: string; title: string }>; pinned: Array<{ id: string }> }>(
    "GET",
    "/api/conversations",
  );
}

const userMessage = (page: Page, index: number) =>
  page.locator("article.turn").nth(index).locator(".user-message");

test("1. after sign-in the message box is ready with starter prompts; the first message makes the conversation", async ({
  page,
  chat,
}) => {
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.composer).toBeFocused();
  await expect(page.getByRole("list", { name: "Starter prompts" }).getByRole("button")).toHaveCount(4);
  // Looking around stores nothing.
  await page.reload();
  await chat.newConversation();
  expect((await conversationsOf(account)).items).toEqual([]);
  await chat.screenshot("new-chat");

  await page.getByRole("button", { name: /What is 1337 \* 42 \/ 7\?/ }).click();
  await page.waitForURL(/\/c\//);
  await chat.waitForStatus(0, "complete");
  await expect(chat.answer(0)).toContainText(/8,?022/);
  const stored = await conversationsOf(account);
  expect(stored.items.map((c) => [c.id, c.title])).toEqual([
    [chat.conversationId(), "What is 1337 * 42 / 7?"],
  ]);
  await expect(
    page.getByRole("navigation", { name: "Conversations" }).getByRole("link", { name: /1337/ }),
  ).toBeVisible();
});

test("2. edit a message and retry an answer: versions with a switcher, each followed by the agent, also after Stop", async ({
  page,
  chat,
}) => {
  await chat.newConversation();
  await chat.send("My name is Ada.");
  await chat.waitForStatus(0, "complete");
  await chat.send("What is my name?");
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText("Your name is Ada");
  const id = chat.conversationId();

  // Edit the first message: a new version; what followed stays on the first one.
  await userMessage(page, 0).getByRole("button", { name: "Edit this message" }).click();
  await page.getByLabel("Edit your message").fill("My name is Grace.");
  await page.getByLabel("Edit your message").press("Enter");
  await page.waitForURL(/branch=/);
  await chat.waitForStatus(0, "complete");
  await expect(chat.turns).toHaveCount(1);
  await expect(userMessage(page, 0)).toContainText("My name is Grace.");
  await expect(userMessage(page, 0).getByRole("group", { name: "Versions of this message" })).toContainText(
    "2 / 2",
  );
  // The agent's context is this version's: it knows Grace, not Ada.
  await chat.send("What is my name?");
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText("Your name is Grace");
  await expect(chat.answer(1)).not.toContainText("Ada");
  await chat.screenshot("edited-version");

  // Back to the first version: both its turns, and its own answer.
  await userMessage(page, 0).getByRole("button", { name: "Previous version" }).click();
  await expect(userMessage(page, 0)).toContainText("My name is Ada.");
  await expect(userMessage(page, 0)).toContainText("1 / 2");
  await expect(chat.turns).toHaveCount(2);
  await expect(chat.answer(1)).toContainText("Your name is Ada");
  await chat.waitConnected();

  // Stop an answer, then Retry it: a second version of that message, answered in full.
  await chat.send("Explain in detail, step by step, how Interject streams an answer.");
  await chat.waitForStatus(2, "streaming");
  await chat.stopButton.click();
  await chat.waitForStatus(2, "interrupted");
  await page.getByRole("button", { name: "Retry" }).click();
  await page.waitForURL(/branch=/);
  await chat.waitForStatus(2, "complete");
  await expect(userMessage(page, 2)).toContainText("2 / 2");
  await expect(chat.turns).toHaveCount(3);
  await expect(chat.answer(1)).toContainText("Your name is Ada");

  // A reload opens the version used last; the admin view shows the versions too.
  await page.goto(`/c/${id}`);
  await chat.waitConnected();
  await expect(userMessage(page, 2)).toContainText("2 / 2");
  await page.goto(`/admin/conversations/${id}`);
  await expect(userMessage(page, 0)).toContainText("1 / 2");
  await userMessage(page, 0).getByRole("button", { name: "Next version" }).click();
  await expect(userMessage(page, 0)).toContainText("My name is Grace.");
  await expect(chat.turns).toHaveCount(2);
  await expect(chat.answer(1)).toContainText("Your name is Grace");
});

test("6. the sidebar: grouped by date, pinned on top, a menu per item, delete after confirming, search in what was said", async ({
  page,
  chat,
}) => {
  for (const prompt of ["What is 6 * 7?", "How do approvals work?", "What time is it in Tokyo?"]) {
    await chat.newConversation();
    await chat.send(prompt);
    await chat.waitForStatus(0, "complete");
  }
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar.getByRole("heading", { name: "Today" })).toBeVisible();
  const today = sidebar.getByRole("region", { name: "Today" });
  await expect(today.getByRole("listitem")).toHaveCount(3);

  // Pin the oldest: it goes on top, under Pinned.
  await sidebar.getByRole("button", { name: "Actions for What is 6 * 7?" }).click();
  await page.getByRole("menuitem", { name: "Pin" }).click();
  const pinned = sidebar.getByRole("region", { name: "Pinned" });
  await expect(pinned.getByRole("link")).toHaveText(["What is 6 * 7?"]);
  await expect(today.getByRole("listitem")).toHaveCount(2);

  // Rename from the menu.
  await sidebar.getByRole("button", { name: "Actions for How do approvals work?" }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  await sidebar.getByLabel("New title").fill("Approvals");
  await sidebar.getByLabel("New title").press("Enter");
  await expect(sidebar.getByRole("link", { name: "Approvals" })).toBeVisible();

  // Delete asks first; Cancel keeps it, Delete removes it.
  await sidebar.getByRole("button", { name: "Actions for Approvals" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Approvals”?" });
  await expect(dialog).toContainText("cannot be undone");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(sidebar.getByRole("link", { name: "Approvals" })).toBeVisible();
  await sidebar.getByRole("button", { name: "Actions for Approvals" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(sidebar.getByRole("link", { name: "Approvals" })).toHaveCount(0);
  expect((await conversationsOf(account)).items.map((c) => c.title)).toEqual(["What time is it in Tokyo?"]);

  // Search what was said (a word only in an answer, typed in part), with the snippet marked.
  await sidebar.getByLabel("Search conversations").fill("tokyo");
  const results = sidebar.getByRole("region", { name: "Search results" });
  await expect(results.getByRole("listitem")).toHaveCount(1);
  // "According to the clock, ..." is only in the answer; "accord" is a word still being typed.
  await sidebar.getByLabel("Search conversations").fill("accord clock");
  await expect(results.getByRole("link")).toContainText("What time is it in Tokyo?");
  await expect(results.locator("mark").first()).toBeVisible();
  await sidebar.getByLabel("Search conversations").fill("forty-two nowhere");
  await expect(sidebar.getByText("Nothing found in your conversations.")).toBeVisible();
  await chat.screenshot("sidebar-search");
});

test("7. keyboard: new conversation, search, the message box, stop, copy the last answer, and ? lists them", async ({
  page,
  chat,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await chat.send("What is 12 * 12?");
  await chat.waitForStatus(0, "complete");

  await page.locator("body").press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (const does of ["New conversation", "Search conversations", "Stop the answer", "Copy the last answer"])
    await expect(help).toContainText(does);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await page.keyboard.press("Alt+Shift+C");
  await expect(page.getByRole("status").filter({ hasText: "Copied the last answer." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("144");

  await page.keyboard.press("ControlOrMeta+K");
  await expect(page.getByLabel("Search conversations")).toBeFocused();
  await page.locator(".chat-title").click();
  await page.keyboard.press("/");
  await expect(chat.composer).toBeFocused();
  await expect(chat.composer).toHaveValue("");

  await chat.send("Explain in detail, step by step, how Interject streams an answer.");
  await chat.waitForStatus(1, "streaming");
  await page.locator(".chat-title").click();
  await page.keyboard.press("Escape");
  await chat.waitForStatus(1, "interrupted");

  await page.keyboard.press("ControlOrMeta+Shift+O");
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.composer).toBeFocused();
});

test("8. at 375 px: the sidebar is a drawer, the trace a sheet closed at first, the composer at the bottom, nothing scrolls sideways", async ({
  page,
  chat,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const wide = async () => page.evaluate(() => document.documentElement.scrollWidth);
  await expect(chat.composer).toBeVisible();
  expect(await wide()).toBeLessThanOrEqual(375);
  await chat.send("What do the traces show? Give me the kinds.");
  await chat.waitForStatus(0, "complete");
  expect(await wide()).toBeLessThanOrEqual(375);

  // The header names the agent in full (under the title, which has a line of its own) beside its buttons.
  const agentName = chat.conversationAgent.locator("strong");
  await expect(agentName).toBeVisible();
  const cut = (element: HTMLElement) => element.scrollWidth - element.clientWidth;
  expect(await chat.conversationAgent.evaluate(cut), "agent name cut").toBeLessThanOrEqual(1);
  expect((await page.locator(".chat-title").boundingBox())?.width ?? 0).toBeGreaterThan(150);

  // The composer sits at the bottom of the screen, the trace is closed until asked for.
  const box = await chat.composer.boundingBox();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(740 - 40);
  await expect(page.locator("#trace-pane")).toHaveCount(0);
  await page.getByRole("button", { name: "Show trace" }).first().click();
  const sheet = page.locator("#trace-pane");
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveCSS("position", "absolute");
  await chat.screenshot("phone-trace-sheet");
  await sheet.getByRole("button", { name: "Close the trace" }).click();
  await expect(sheet).toHaveCount(0);

  // The sidebar is a drawer: hidden, opened by Menu, closed by choosing a conversation.
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  await expect(sidebar).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(sidebar).toBeVisible();
  await chat.screenshot("phone-drawer");
  await sidebar.getByRole("link", { name: /traces/ }).click();
  await expect(sidebar).toBeHidden();

  for (const path of ["/", "/settings/password", "/admin"]) {
    await page.goto(path);
    await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
    expect(await wide(), path).toBeLessThanOrEqual(375);
  }
  for (const tab of ["Users", "Conversations", "Audit log"]) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
    await page.waitForLoadState("networkidle");
    expect(await wide(), `admin ${tab}`).toBeLessThanOrEqual(375);
  }
});

test("9. look and feel: the theme switch is remembered, the answer read has no heavy outline, offline answers keep lists", async ({
  page,
  chat,
}) => {
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  const light = await background();
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const dark = await background();
  expect(dark).not.toBe(light);
  await page.reload();
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(await background()).toBe(dark);
  await page.getByLabel("Theme").selectOption("system");
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await background()).toBe(dark);
  await page.getByLabel("Theme").selectOption("light");
  expect(await background()).toBe(light);

  await chat.send("What do the traces show? Give me the kinds.");
  await chat.waitForStatus(0, "complete");
  // The offline answer keeps the documentation's paragraphs and its list of trace kinds.
  const answer = chat.answer(0);
  expect(await answer.locator("li").count()).toBeGreaterThanOrEqual(2);
  expect(await answer.locator("p").count()).toBeGreaterThanOrEqual(3);
  await expect(answer.locator("li").first()).toContainText("milestone");
  // The answer whose trace is shown is marked quietly: no outline or ring around it.
  await expect(chat.turns.first()).toHaveAttribute("data-selected", "true");
  await expect(answer).toHaveCSS("box-shadow", "none");
  await expect(answer).toHaveCSS("outline-style", "none");
  await chat.screenshot("look-light");
});
