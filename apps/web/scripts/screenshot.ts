/**
 * `pnpm screenshot`: drives a running stack (SCREENSHOT_URL) in Debian's Chromium like a user would and saves
 * the README's pictures in docs/: the desktop chat with its trace (chat-with-trace.png), the same
 * conversation on a 375 px phone (chat-phone.png) and in dark mode (chat-dark.png). Signs in, writes a first
 * message on the new-chat page, interrupts a second answer with Esc, edits the first message (so a version
 * switcher shows), and prints the browser's console errors, if any.
 */
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";

const base = process.env.SCREENSHOT_URL ?? "http://localhost:3000";
const email = process.env.SCREENSHOT_EMAIL ?? "admin@interject.local";
const password = process.env.SCREENSHOT_PASSWORD;
const prompt = process.env.SCREENSHOT_PROMPT ?? "What do the traces show while the agent works?";
if (!password) throw new Error("Set SCREENSHOT_PASSWORD (the account's password).");

const out = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
const copies = (page: Page) => page.getByRole("button", { name: "Copy answer" });

function watch(page: Page): void {
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`browser console: ${message.text()}`);
  });
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-sync"],
});
try {
  const desktop = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: "light" });
  const page = await desktop.newPage();
  watch(page);
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The message box is ready at once: the first message makes the conversation.
  await page.getByRole("textbox", { name: "Message" }).fill(prompt);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await page.waitForURL(/\/c\//);
  await copies(page).first().waitFor({ timeout: 60_000 });
  // Interrupt an answer with Esc: the partial answer stays, marked.
  await page
    .getByRole("textbox", { name: "Message" })
    .fill("Explain the whole deployment in detail, step by step.");
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await page.getByRole("button", { name: "Stop" }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1200);
  await page.getByRole("textbox", { name: "Message" }).press("Escape");
  await page.locator(".badge", { hasText: "partial answer" }).waitFor({ timeout: 30_000 });
  console.log("interrupted with Esc: the partial answer is kept and marked");
  // Ask again with Retry: the message gets a second version (‹ 2 / 2 ›).
  await page.getByRole("button", { name: "Retry" }).click();
  await page.waitForURL(/branch=/);
  await page.locator(".version-count").first().waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Stop" }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.getByRole("textbox", { name: "Message" }).press("Escape");
  await page.locator(".badge", { hasText: "partial answer" }).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Show trace" }).last().click();
  await page.screenshot({ path: out("chat-with-trace.png") });
  console.log(`saved ${out("chat-with-trace.png")}`);

  await page.getByLabel("Theme").selectOption("dark");
  await page.waitForTimeout(300);
  await page.screenshot({ path: out("chat-dark.png") });
  console.log(`saved ${out("chat-dark.png")}`);
  await page.getByLabel("Theme").selectOption("system");

  const phone = await browser.newContext({
    viewport: { width: 375, height: 760 },
    deviceScaleFactor: 2,
    colorScheme: "light",
    storageState: await desktop.storageState(),
  });
  const small = await phone.newPage();
  watch(small);
  await small.goto(page.url());
  await copies(small).first().waitFor({ timeout: 30_000 });
  await small.getByText("Connected", { exact: true }).waitFor({ timeout: 30_000 });
  await small.screenshot({ path: out("chat-phone.png") });
  console.log(`saved ${out("chat-phone.png")}`);
} finally {
  await browser.close();
}
