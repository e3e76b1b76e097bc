/**
 * `pnpm screenshot`: drives a running stack (SCREENSHOT_URL) in Debian's Chromium like a user would: signs
 * in, starts a conversation, asks a question, waits for the answer with its trace, and saves
 * docs/chat-with-trace.png for the README. Prints the browser's console errors, if any.
 */
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const base = process.env.SCREENSHOT_URL ?? "http://localhost:3000";
const email = process.env.SCREENSHOT_EMAIL ?? "admin@interject.local";
const password = process.env.SCREENSHOT_PASSWORD;
const prompt =
  process.env.SCREENSHOT_PROMPT ?? "How does Interject keep an answer when the connection drops?";
if (!password) throw new Error("Set SCREENSHOT_PASSWORD (the account's password).");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`browser console: ${message.text()}`);
  });
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "New conversation", exact: true }).click();
  await page.waitForURL(/\/c\//);
  await page.getByText("Connected", { exact: true }).waitFor({ timeout: 30_000 });
  await page.getByLabel("Message").fill(prompt);
  await page.getByLabel("Message").press("Enter");
  await page.getByRole("button", { name: "Copy answer" }).first().waitFor({ timeout: 60_000 });
  // Then interrupt an answer with Esc: the partial answer must stay, marked.
  await page.getByLabel("Message").fill("Explain the whole deployment in detail, step by step.");
  await page.getByLabel("Message").press("Enter");
  await page.getByRole("button", { name: "Stop" }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1200);
  await page.getByLabel("Message").press("Escape");
  await page
    .locator(".badge", { hasText: "partial answer" })
    .waitFor({ timeout: 30_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: "/tmp/web-interrupt-failure.png" });
      throw error;
    });
  console.log("interrupted with Esc: the partial answer is kept and marked");
  await page.getByRole("button", { name: "Show trace" }).first().click();
  const out = fileURLToPath(new URL("../docs/chat-with-trace.png", import.meta.url));
  await page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
