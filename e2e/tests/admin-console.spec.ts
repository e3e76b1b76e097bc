/**
 * The admin console's account tools in the browser: a role change asks first (cancel keeps the role), a
 * password reset shows the new password once (it signs in; the old one does not), deleting a user says what
 * goes with them, and the audit log names people (a deleted one too) and filters by who, what and when.
 */
import { BrokerApi } from "../fixtures/api.ts";
import { apiFor } from "../fixtures/content.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";

test("confirm a role change, reset a password shown once, delete a user, read the audit log by name", async ({
  page,
  signIn,
}) => {
  const alice = await createUser();
  const { api: aliceApi } = await apiFor(alice);
  await aliceApi.createConversation("alice one");
  await aliceApi.createConversation("alice two");
  await signIn.signIn(stack.admin.email, stack.admin.password);
  await page.getByRole("link", { name: "Admin" }).click();
  const row = page.locator("tbody tr").filter({ hasText: alice.email });

  // A role change asks first; cancelling keeps the role.
  const role = row.getByLabel(`Role of ${alice.email}`);
  await role.selectOption("admin");
  const confirmRole = page.getByRole("dialog", { name: `Make ${alice.email} an administrator?` });
  await expect(confirmRole).toContainText("read every conversation");
  await confirmRole.getByRole("button", { name: "Cancel" }).click();
  await expect(role).toHaveValue("user");
  await role.selectOption("admin");
  await page.getByRole("dialog").getByRole("button", { name: "Make administrator" }).click();
  await expect(role).toHaveValue("admin");
  await role.selectOption("user");
  await page.getByRole("dialog").getByRole("button", { name: "Make user" }).click();
  await expect(role).toHaveValue("user");

  // Password reset: confirmed, shown once, and it works; the old one does not.
  await row.getByRole("button", { name: `Reset password of ${alice.email}` }).click();
  const reset = page.getByRole("dialog");
  await expect(reset).toContainText("Their current password stops working");
  await reset.getByRole("button", { name: "Reset password" }).click();
  const shown = reset.getByTestId("new-password");
  await expect(shown).toBeVisible();
  const password = ((await shown.textContent()) ?? "").trim();
  expect(password.length).toBeGreaterThanOrEqual(20);
  await page.screenshot({ path: "test-results/screenshots/admin-password-reset.png", fullPage: true });
  await reset.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-password")).toHaveCount(0);
  const check = new BrokerApi(stack.publicUrl);
  await expect(check.login(alice.email, alice.password)).rejects.toThrow(/401/);
  await check.login(alice.email, password);

  // Deleting says what goes with the account.
  await row.getByRole("button", { name: `Delete ${alice.email}` }).click();
  const del = page.getByRole("dialog", { name: `Delete ${alice.email}?` });
  await expect(del).toContainText("Their 2 conversations are deleted with it");
  await del.getByRole("button", { name: "Delete account" }).click();
  await expect(page.locator("tbody tr").filter({ hasText: alice.email })).toHaveCount(0);
  await expect(check.request("GET", "/api/me")).rejects.toThrow(/401/);

  // The audit log names people, the deleted one too, and filters.
  await page.getByRole("tab", { name: "Audit log" }).click();
  const audit = page.getByRole("tabpanel");
  const entries = audit.locator("tbody tr");
  await audit.getByLabel("Action").selectOption("user.deleted");
  await expect(entries.first()).toContainText(stack.admin.email);
  await expect(entries.first()).toContainText(`email: ${alice.email}`);
  await expect(entries.first()).toContainText("conversations: 2");
  await audit.getByLabel("Action").selectOption("password.reset");
  await expect(entries.first()).toContainText(`user ${alice.email.split("@")[0]}`);
  await expect(entries.first()).toContainText("via: admin console");
  await audit.getByLabel("Action").selectOption("");
  // The administrator by name and email, whatever their display name is.
  const adminOption = audit.getByLabel("Who").locator("option", { hasText: stack.admin.email });
  await audit.getByLabel("Who").selectOption((await adminOption.getAttribute("value")) ?? "");
  await expect(entries.first()).toContainText(stack.admin.email);
  const actions = await entries.locator("td:nth-child(3)").allInnerTexts();
  expect(actions).toEqual(expect.arrayContaining(["user.deleted", "password.reset", "user.updated"]));
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await audit.getByLabel("From").fill(tomorrow);
  await expect(audit.getByText("No entry matches.")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/admin-audit.png", fullPage: true });
});
