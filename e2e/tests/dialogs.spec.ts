/**
 * The app's one dialog frame (apps/web/src/ui/dialog.tsx) in a real browser, through each dialog that uses it:
 * a modal dialog named by its title, focus moved into it, Esc closes it, and focus goes back to what opened
 * it, also for the dialogs a sidebar menu opens, which leave the page when they close (the browser restores
 * focus only for a dialog that stays). Esc in a dialog closes the dialog alone, not the phone's drawer.
 */
import type { Locator, Page } from "@playwright/test";
import { apiFor } from "../fixtures/content.ts";
import { createUser, expect, test } from "../fixtures/test.ts";

const focusIsIn = (dialog: Locator) => dialog.evaluate((element) => element.contains(document.activeElement));

/** Esc closes the dialog and the focus is back on `opener`. */
async function escapeReturnsTo(page: Page, dialog: Locator, opener: Locator): Promise<void> {
  await expect(dialog).toBeVisible();
  await expect.poll(() => focusIsIn(dialog)).toBe(true);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

test("dialogs are named by their title, take the focus, close on Esc and give the focus back", async ({
  page,
  signIn,
  chat,
}) => {
  const user = await createUser();
  const { api } = await apiFor(user);
  const conversation = await api.createConversation("Dialogs");
  await signIn.signIn(user.email, user.password);
  await chat.open(conversation.id);

  // From the chat's header.
  const share = page.getByRole("button", { name: "Export / share" });
  await share.focus();
  await page.keyboard.press("Enter");
  await escapeReturnsTo(page, page.getByRole("dialog", { name: "Export and share “Dialogs”" }), share);

  // From the sidebar's menu: the menu gives the focus to its button, the dialog gives it back there.
  const sidebar = page.getByRole("navigation", { name: "Conversations" });
  const actions = sidebar.getByRole("button", { name: "Actions for Dialogs" });
  for (const [item, title] of [
    ["Share…", "Export and share “Dialogs”"],
    ["Delete", "Delete “Dialogs”?"],
  ] as const) {
    await actions.click();
    await page.getByRole("menuitem", { name: item }).click();
    await escapeReturnsTo(page, page.getByRole("dialog", { name: title }), actions);
  }
  await expect(sidebar.getByRole("link", { name: "Dialogs" })).toBeVisible();

  // The shortcuts, from the keyboard.
  await page.keyboard.press("?");
  await escapeReturnsTo(page, page.getByRole("dialog", { name: "Keyboard shortcuts" }), actions);

  // On a phone the sidebar is a drawer that Esc closes; Esc in a dialog over it closes the dialog only.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(sidebar).toBeVisible();
  await actions.click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await escapeReturnsTo(page, page.getByRole("dialog", { name: "Delete “Dialogs”?" }), actions);
  await expect(sidebar).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(sidebar).toBeHidden();
});
