/**
 * Feedback in the browser: thumbs up or down with an optional comment on an answer, kept after a reload,
 * shown under the answer's trace, and for administrators in the conversation view and as a filter of the
 * conversation list.
 */
import { apiFor } from "../fixtures/content.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";

test("rate an answer with a comment; the trace, a reload and the admin console show it", async ({
  page,
  signIn,
  chat,
  browser,
}) => {
  const owner = await createUser();
  const { api } = await apiFor(owner);
  const conversation = await api.createConversation("Rated answers");
  const other = await api.createConversation("Not rated");
  await signIn.signIn(owner.email, owner.password);
  await chat.open(conversation.id);
  await chat.send("What is 6 times 7?");
  await chat.waitForStatus(0, "complete");

  const answer = chat.answer(0);
  await answer.getByRole("button", { name: "Not helpful" }).click();
  await expect(answer.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "true");
  await answer.getByLabel("Comment on this answer (optional)").fill("I wanted the working too");
  await answer.getByRole("button", { name: "Save", exact: true }).click();
  await expect(answer.getByText("“I wanted the working too”")).toBeVisible();
  await expect(chat.tracePane.getByText("Not helpful", { exact: true })).toBeVisible();
  await expect(chat.tracePane.getByText("“I wanted the working too”")).toBeVisible();
  await chat.screenshot("feedback-given");

  await page.reload();
  await chat.waitConnected();
  await expect(chat.answer(0).getByRole("button", { name: "Not helpful" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(chat.tracePane.getByText("“I wanted the working too”")).toBeVisible();
  // Choosing the other thumb replaces the verdict.
  await chat.answer(0).getByRole("button", { name: "Helpful", exact: true }).click();
  await expect(chat.answer(0).getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await chat.answer(0).getByRole("button", { name: "Close" }).click();
  await chat.answer(0).getByRole("button", { name: "Not helpful" }).click();
  await chat.answer(0).getByRole("button", { name: "Close" }).click();
  await expect(chat.answer(0).getByText("“I wanted the working too”")).toBeVisible();

  // The administrator filters the conversation list by feedback and reads it under the trace.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`${stack.publicUrl}/sign-in`);
  await adminPage.getByLabel("Email").fill(stack.admin.email);
  await adminPage.getByLabel("Password").fill(stack.admin.password);
  await adminPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await adminPage.getByRole("link", { name: "Admin" }).click();
  await adminPage.getByRole("tab", { name: "Conversations" }).click();
  const rows = adminPage.getByRole("tabpanel").locator("tbody tr");
  await expect(rows.filter({ hasText: "Not rated" })).toHaveCount(1);
  await adminPage.getByLabel("Feedback").selectOption("down");
  await expect(rows.filter({ hasText: "Rated answers" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Not rated" })).toHaveCount(0);
  await expect(rows.filter({ hasText: "Rated answers" })).toContainText("0 helpful, 1 not helpful");
  await adminPage.getByLabel("Feedback").selectOption("up");
  await expect(rows.filter({ hasText: "Rated answers" })).toHaveCount(0);
  await adminPage.getByLabel("Feedback").selectOption("down");
  await rows.filter({ hasText: "Rated answers" }).getByRole("link").click();
  const trace = adminPage.getByRole("region", { name: "Trace" });
  await expect(trace.getByText("Not helpful", { exact: true })).toBeVisible();
  await expect(trace.getByText("“I wanted the working too”")).toBeVisible();
  await adminPage.screenshot({ path: "test-results/screenshots/feedback-admin.png", fullPage: true });
  await adminContext.close();
  expect(other.id).not.toBe(conversation.id);
});
