/**
 * The agents registry in the browser, through the whole stack: an administrator registers agents in
 * Admin > Agents (a wrong ARN is named under its field); a user finds the one open to everyone in the new-chat
 * page's picker (the default preselected), never the admins-only one, and talks to the one picked (the
 * conversation is bound to it and says so); disabling it in the console ends the running answer's connection
 * with the broker's words, refuses it after a reload, and takes it out of the picker.
 */
import type { Browser, Page } from "@playwright/test";
import { createUser, expect, stack, test } from "../fixtures/test.ts";
import { AdminAgentsPage } from "../pages/admin-agents-page.ts";
import { ChatPage } from "../pages/chat-page.ts";
import { SignInPage } from "../pages/sign-in-page.ts";

/** The example agent's runtime (examples/custom-agent behind the local runtime, started by scripts/start.mjs). */
const EXAMPLE_ARN = "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_example-0000000000";

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await new SignInPage(page).signIn(email, password);
  return page;
}

test("an admin registers agents; a user picks one, is refused the admins-only one, and a disabled agent ends its conversations", async ({
  browser,
}) => {
  const stamp = Date.now();
  const team = { name: `team-${stamp}`, displayName: `Team agent ${stamp}` };
  const secret = { name: `admins-${stamp}`, displayName: `Admins agent ${stamp}` };

  // The administrator registers two agents; a malformed ARN is refused under its field.
  const adminPage = await signedInPage(browser, stack.admin.email, stack.admin.password);
  const agents = new AdminAgentsPage(adminPage);
  await agents.open();
  await agents.submitRegistration({
    ...team,
    runtimeArn: "arn:aws:s3:::not-a-runtime",
    protocolLevel: "full",
  });
  await expect(agents.problem("Runtime ARN")).toContainText("runtime ARN");
  await expect(agents.form.getByLabel("Runtime ARN")).toHaveAttribute("aria-invalid", "true");
  await agents.fill({ runtimeArn: EXAMPLE_ARN });
  await agents.form.getByRole("button", { name: "Register agent" }).click();
  await expect(agents.row(team.displayName)).toBeVisible();
  await expect(agents.row(team.displayName)).toContainText("everyone");
  await agents.register({ ...secret, runtimeArn: EXAMPLE_ARN, protocolLevel: "full", access: "admins" });
  await expect(agents.row(secret.displayName)).toContainText("administrators");
  await agents.page.screenshot({ path: "test-results/screenshots/admin-agents.png", fullPage: true });

  // A user sees the team agent in the picker, the default preselected, and never the admins-only one.
  const user = await createUser();
  const page = await signedInPage(browser, user.email, user.password);
  const chat = new ChatPage(page);
  await chat.newConversation();
  const { agents: usable } = (await (await page.request.get("/api/agents")).json()) as {
    agents: Array<{ id: string; displayName: string; isDefault: boolean }>;
  };
  const preselected = usable.find((a) => a.isDefault)?.displayName;
  expect(preselected).toBeDefined();
  await expect(chat.agentPicker.locator("option:checked")).toHaveText(preselected ?? "");
  await expect(chat.agentPicker.getByRole("option", { name: team.displayName })).toHaveCount(1);
  await expect(chat.agentPicker.getByRole("option", { name: secret.displayName })).toHaveCount(0);

  // The user picks the team agent; the first message creates the conversation with it.
  await chat.newConversationWith(team.displayName);
  await chat.send("Explain in detail, step by step, how Interject streams an answer.");
  const conversationId = chat.conversationId();
  await expect(chat.conversationAgent).toContainText(team.displayName);
  const stored = (await (await page.request.get(`/api/conversations/${conversationId}`)).json()) as {
    conversation: { agent: { displayName: string } };
  };
  expect(stored.conversation.agent.displayName).toBe(team.displayName);
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.chunkCount()).toBeGreaterThan(3);

  // The administrator sees the admins-only agent in their own picker.
  const adminChat = new ChatPage(adminPage);
  await adminChat.newConversation();
  await expect(adminChat.agentPicker.getByRole("option", { name: secret.displayName })).toHaveCount(1);

  // Disabling the agent mid-answer ends the user's connection with why, and no reconnect loop.
  await agents.open();
  await agents.disable(team.displayName);
  const why = `${team.displayName} has been disabled by an administrator.`;
  await expect(page.getByRole("alert").filter({ hasText: why })).toBeVisible({ timeout: 10_000 });
  await expect(chat.composer).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Start a new conversation" })).toBeVisible();
  await chat.screenshot("agent-disabled");
  const sockets = chat.socketUrls.length;
  await page.waitForTimeout(1500);
  expect(chat.socketUrls.length).toBe(sockets);

  // After a reload the conversation is refused at once (its history stays readable), and the picker no longer
  // offers the agent.
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: why })).toBeVisible();
  await expect(chat.turns).toHaveCount(1);
  expect(chat.socketUrls.length).toBe(sockets);
  await chat.newConversation();
  await expect(chat.agentPicker.getByRole("option", { name: team.displayName })).toHaveCount(0);

  // Enabled again, the same conversation connects again.
  await agents.enable(team.displayName);
  await chat.open(conversationId);
  await expect(chat.conversationAgent).toContainText(team.displayName);
});
