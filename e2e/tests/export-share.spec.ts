/**
 * Export and share in the browser: a conversation downloaded as Markdown and as JSON; a read-only link with an
 * expiry, opened by another signed-in user (the conversation as it was when shared), listed for its owner,
 * revoked (the link then says so), with its making and opening in the audit log.
 */
import { readFile } from "node:fs/promises";
import { BrokerApi } from "../fixtures/api.ts";
import { apiFor, pageWidth, storedTurns } from "../fixtures/content.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";

test("export as Markdown and JSON, share a link another user opens, revoke it", async ({
  page,
  signIn,
  chat,
  browser,
}) => {
  const owner = await createUser();
  const { api } = await apiFor(owner);
  const conversation = await api.createConversation("Export me");
  await signIn.signIn(owner.email, owner.password);
  await chat.open(conversation.id);
  await chat.send("Hello, what is 2+2?");
  await chat.waitForStatus(0, "complete");
  await expect.poll(() => storedTurns(page, conversation.id)).toEqual([["Hello, what is 2+2?", "complete"]]);
  // The answer's first paragraph: what the export must hold.
  const answerText = ((await chat.answer(0).locator(".markdown p").first().textContent()) ?? "").trim();

  await page.getByRole("button", { name: "Export / share" }).click();
  const dialog = page.getByRole("dialog", { name: "Export and share “Export me”" });
  await expect(dialog).toBeVisible();
  const [markdown] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Download Markdown" }).click(),
  ]);
  expect(markdown.suggestedFilename()).toBe("export-me.md");
  const md = await readFile((await markdown.path()) ?? "", "utf8");
  expect(md).toContain("# Export me");
  expect(md).toContain("Hello, what is 2+2?");
  expect(md).toContain(answerText.slice(0, 20));
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  expect(json.suggestedFilename()).toBe("export-me.json");
  const doc = JSON.parse(await readFile((await json.path()) ?? "", "utf8")) as {
    format: string;
    turns: Array<{ prompt: string; status: string }>;
  };
  expect(doc.format).toBe("interject.conversation");
  expect(doc.turns).toEqual([expect.objectContaining({ prompt: "Hello, what is 2+2?", status: "complete" })]);

  await dialog.getByLabel("Expires after").selectOption("1");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = ((await dialog.locator(".share-url").first().textContent()) ?? "").trim();
  expect(url).toMatch(new RegExp(`^${stack.publicUrl}/s/[A-Za-z0-9_-]{32}$`));
  await expect(dialog.locator(".share-item").getByText(/expires /)).toBeVisible();
  await chat.screenshot("share-dialog");
  await dialog.getByRole("button", { name: "Close" }).last().click();

  // A later message is not part of what was shared.
  await chat.send("This one is after the link.");
  await chat.waitForStatus(1, "complete");

  const reader = await createUser();
  const readerContext = await browser.newContext();
  const readerPage = await readerContext.newPage();
  await readerPage.goto(url);
  await readerPage.getByLabel("Email").fill(reader.email);
  await readerPage.getByLabel("Password").fill(reader.password);
  await readerPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(readerPage.getByRole("heading", { name: /Export me/ })).toContainText("read-only");
  const log = readerPage.getByRole("log", { name: "Conversation" });
  await expect(log.getByText("Hello, what is 2+2?")).toBeVisible();
  await expect(log.getByText("This one is after the link.")).toHaveCount(0);
  await expect(readerPage.getByLabel("Message", { exact: true })).toHaveCount(0);
  await readerPage.screenshot({ path: "test-results/screenshots/shared-conversation.png", fullPage: true });

  // The owner sees the link among theirs and revokes it; the reader's next visit says so.
  await page.getByRole("link", { name: "Shared links" }).click();
  const item = page.locator(".share-item").filter({ hasText: "Export me" });
  await expect(item).toContainText("expires");
  await item.getByRole("button", { name: "Revoke" }).click();
  await expect(item).toContainText("revoked");
  await readerPage.reload();
  await expect(readerPage.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(
    readerPage.getByText("The owner revoked this link. Ask its owner for a new one."),
  ).toBeVisible();
  await readerContext.close();

  const admin = new BrokerApi(stack.publicUrl);
  await admin.login(stack.admin.email, stack.admin.password);
  const audit = await admin.request<{ items: Array<{ action: string; actor: { email: string } | null }> }>(
    "GET",
    "/api/admin/audit?limit=50",
  );
  const about = (action: string) => audit.items.filter((e) => e.action === action).map((e) => e.actor?.email);
  expect(about("share.created")).toContain(owner.email);
  expect(about("share.opened")).toContain(reader.email);
  expect(about("share.revoked")).toContain(owner.email);
});

test("export shows every branch; the sidebar's menu exports and shares", async ({ page, signIn, chat }) => {
  const owner = await createUser();
  await signIn.signIn(owner.email, owner.password);
  await chat.newConversation();
  await chat.send("First question");
  await chat.waitForStatus(0, "complete");
  // An edit: a second branch, the one on screen.
  const message = page.locator("article.turn").nth(0).locator(".user-message");
  await message.getByRole("button", { name: "Edit this message" }).click();
  await page.getByLabel("Edit your message").fill("Second version");
  await page.getByLabel("Edit your message").press("Enter");
  await page.waitForURL(/branch=/);
  await chat.waitForStatus(0, "complete");
  const shownBranch = new URL(page.url()).searchParams.get("branch");
  // The agent stores an answer a moment after it ends on screen: export once the broker has it.
  const conversationId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await expect
    .poll(() => storedTurns(page, conversationId, shownBranch))
    .toEqual([["Second version", "complete"]]);

  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const menu = async (item: string) => {
    await sidebar.getByRole("button", { name: "Actions for First question" }).click();
    await page.getByRole("menuitem", { name: item }).click();
  };
  const [json] = await Promise.all([page.waitForEvent("download"), menu("Export as JSON")]);
  const doc = JSON.parse(await readFile((await json.path()) ?? "", "utf8")) as {
    version: number;
    branchId: string;
    turns: Array<{ prompt: string; branchId: string; version: { number: number; of: number } }>;
    branches: Array<{ id: string; parentBranchId: string | null; turns: Array<{ prompt: string }> }>;
  };
  expect(doc.version).toBe(2);
  expect(doc.branchId).toBe(shownBranch);
  expect(doc.turns).toEqual([
    expect.objectContaining({ prompt: "Second version", version: { number: 2, of: 2 } }),
  ]);
  expect(doc.branches.map((b) => b.turns.map((t) => t.prompt))).toEqual([
    ["First question"],
    ["Second version"],
  ]);

  const [markdown] = await Promise.all([page.waitForEvent("download"), menu("Export as Markdown")]);
  const md = await readFile((await markdown.path()) ?? "", "utf8");
  expect(md).toContain("_Version 2 of 2 of this message._");
  expect(md).toContain("# Other branches (1)");
  expect(md).toContain("_From the first message._");
  // The branch on screen first; the other one after it.
  const others = md.indexOf("# Other branches");
  expect(md.indexOf("Second version")).toBeLessThan(others);
  expect(md.indexOf("First question", others)).toBeGreaterThan(others);

  await menu("Share…");
  const dialog = page.getByRole("dialog", { name: "Export and share “First question”" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Create link" }).click();
  await expect(dialog.locator(".share-url")).toHaveCount(1);
  await chat.screenshot("share-from-menu");
  const url = ((await dialog.locator(".share-url").first().textContent()) ?? "").trim();

  // On a phone (375 px) nothing of export and share scrolls sideways: the dialog, the links, a shared view.
  await page.setViewportSize({ width: 375, height: 740 });
  expect(await pageWidth(page), "share dialog").toBeLessThanOrEqual(375);
  await chat.screenshot("phone-share-dialog");
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await page.goto("/shares");
  await expect(page.locator(".share-item")).toHaveCount(1);
  expect(await pageWidth(page), "/shares").toBeLessThanOrEqual(375);
  await chat.screenshot("phone-shares");
  await page.goto(url);
  await expect(page.getByRole("log", { name: "Conversation" }).getByText("Second version")).toBeVisible();
  expect(await pageWidth(page), "shared view").toBeLessThanOrEqual(375);
  await chat.screenshot("phone-shared-view");
});
