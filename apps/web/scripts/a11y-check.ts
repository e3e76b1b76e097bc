/**
 * `pnpm a11y`: runs axe-core in Debian's Chromium over the main screens of a running stack (sign-in, chat,
 * admin users / conversations / transcript / audit) at 1280 and 360 px, and prints the violations found.
 * The page's CSP forbids injected scripts, so this one browser context bypasses it to load axe.
 */
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const base = process.env.SCREENSHOT_URL ?? "http://localhost:3000";
const email = process.env.SCREENSHOT_EMAIL ?? "admin@interject.local";
const password = process.env.SCREENSHOT_PASSWORD;
if (!password) throw new Error("Set SCREENSHOT_PASSWORD (the account's password).");
let serious = 0;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu"],
});
async function axe(page: import("playwright-core").Page, name: string) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: {
          run: (
            o?: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      n: v.nodes.length,
      t: v.nodes.slice(0, 3).map((x) => x.target.join(" ")),
    }));
  });
  serious += result.filter((v) => v.impact === "serious" || v.impact === "critical").length;
  console.log(name, JSON.stringify(result));
}
for (const width of [1280, 360]) {
  const page = await browser.newPage({ viewport: { width, height: 780 }, bypassCSP: true });
  page.on("pageerror", (e) => console.log("pageerror", e.message));
  await page.goto(`${base}/sign-in`);
  await axe(page, `sign-in@${width}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (width === 360) await page.getByRole("button", { name: "Menu" }).click();
  await page.locator(".conversation-link").first().click();
  await page.getByText("Connected", { exact: true }).waitFor();
  await page.waitForTimeout(1000);
  await axe(page, `chat@${width}`);
  await page.goto(`${base}/admin`);
  await page.getByRole("tab", { name: "Users" }).waitFor();
  await axe(page, `admin-users@${width}`);
  await page.getByRole("tab", { name: "Conversations" }).click();
  await page.locator("tbody tr").first().waitFor();
  await axe(page, `admin-conversations@${width}`);
  await page.locator("tbody tr a").first().click();
  await page.getByText("read-only").waitFor();
  await page.waitForTimeout(500);
  await axe(page, `admin-transcript@${width}`);
  await page.goto(`${base}/admin`);
  await page.getByRole("tab", { name: "Audit log" }).click();
  await page.locator("tbody tr").first().waitFor();
  await axe(page, `audit@${width}`);
  await page.close();
}
await browser.close();
console.log(
  serious === 0 ? "No serious or critical axe violations." : `${serious} serious or critical axe violations.`,
);
process.exitCode = serious === 0 ? 0 : 1;
