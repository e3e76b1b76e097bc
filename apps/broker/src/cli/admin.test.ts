/**
 * `pnpm admin reset-password <email>`, run as a person would run it (the root script, a real process), on
 * the embedded database (refused while Interject runs on it) and on PostgreSQL beside a running broker: a new
 * password printed once, the account's sign-ins and agent connections ended, the reset audit-logged.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { testDbKind } from "../test/database.ts";
import { newUser, signedInAdmin, startTestBroker, type TestBroker } from "../test/harness.ts";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function pnpmAdmin(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((ok) => {
    execFile(
      "pnpm",
      ["--silent", "admin", ...args],
      { cwd: root, env: { ...process.env, INTERJECT_SKIP_INSTALL: "1", LOG_LEVEL: "", ...env } },
      (err, stdout, stderr) => ok({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A user who signed in and connected to a conversation (a live runtime session). */
async function connectedUser(broker: TestBroker, email: string) {
  const admin = await signedInAdmin(broker);
  const user = await newUser(broker, admin, email);
  const conv = await user.browser.request<{ conversation: { id: string; sessionId: string } }>(
    "POST",
    "/api/conversations",
    {},
  );
  const { id, sessionId } = conv.body.conversation;
  expect((await user.browser.request("POST", `/api/conversations/${id}/connection`)).status).toBe(200);
  return { ...user, sessionId };
}

const newPasswordIn = (stdout: string, email: string) =>
  new RegExp(`^New password for ${email.replace(/[.@]/g, "\\$&")}: (\\S{20,})$`, "m").exec(stdout)?.[1];

describe.skipIf(testDbKind() === "postgres")("reset-password on the embedded database", () => {
  it("refuses while Interject runs on the data directory, then resets, ends sign-ins and connections, and audits", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "broker-admin-cli-"));
    const first = await startTestBroker({}, { fileBacked: true, dataDir });
    const runtime = first.runtime;
    const env = { INTERJECT_DATA_DIR: dataDir, AGENTCORE_ENDPOINT: runtime?.url ?? "" };
    try {
      const { browser, id, password, sessionId } = await connectedUser(first, "forgot@example.com");
      const busy = await pnpmAdmin(["reset-password", "forgot@example.com"], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain("Interject is running on this data directory");
      expect(busy.stderr).toContain("stop it (Ctrl-C) and run the command again");
      await first.close();

      const unknown = await pnpmAdmin(["reset-password", "nobody@example.com"], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("no account has the email nobody@example.com");

      const reset = await pnpmAdmin(["reset-password", "Forgot@Example.com"], env);
      expect(reset.code).toBe(0);
      const fresh = newPasswordIn(reset.stdout, "forgot@example.com");
      expect(fresh).toBeDefined();
      expect(runtime?.calls.map((c) => c.sessionId)).toEqual([sessionId]);

      const second = await startTestBroker(
        { AGENTCORE_ENDPOINT: runtime?.url ?? "" },
        { fileBacked: true, dataDir },
      );
      try {
        second.secrets.add(fresh ?? "");
        const again = second.browser();
        again.cookies = browser.cookies;
        expect((await again.request("GET", "/api/me")).status).toBe(401);
        expect((await second.browser().login("forgot@example.com", password)).status).toBe(401);
        expect((await second.browser().login("forgot@example.com", fresh ?? "")).status).toBe(200);
        const audit = await (await signedInAdmin(second)).request<{
          items: Array<{ action: string; actorUserId: string | null; targetId: string }>;
        }>("GET", "/api/admin/audit?limit=200");
        expect(audit.body.items.filter((e) => e.action === "password.reset")).toEqual([
          expect.objectContaining({ actorUserId: null, targetId: id }),
        ]);
        expect(second.logs.join("")).not.toContain(fresh);
      } finally {
        await second.stop();
      }
    } finally {
      await runtime?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe.skipIf(testDbKind() !== "postgres")("reset-password on PostgreSQL", () => {
  it("works beside a running broker, which refuses the account's old sign-ins at once", async () => {
    const broker = await startTestBroker();
    try {
      const { browser, sessionId } = await connectedUser(broker, "pg-forgot@example.com");
      const reset = await pnpmAdmin(["reset-password", "pg-forgot@example.com"], {
        DATABASE_URL: broker.services.env.DATABASE_URL ?? "",
        INTERJECT_DATA_DIR: broker.dataDir,
        AGENTCORE_ENDPOINT: broker.runtime?.url ?? "",
      });
      expect(reset.code).toBe(0);
      const fresh = newPasswordIn(reset.stdout, "pg-forgot@example.com") ?? "";
      broker.secrets.add(fresh);
      expect((await browser.request("GET", "/api/me")).status).toBe(401);
      expect(broker.runtime?.calls.map((c) => c.sessionId)).toEqual([sessionId]);
      expect((await broker.browser().login("pg-forgot@example.com", fresh)).status).toBe(200);
    } finally {
      await broker.stop();
    }
  }, 120_000);
});
