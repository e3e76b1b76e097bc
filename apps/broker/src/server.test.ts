/**
 * Start-up behaviour: the first admin (generated password printed once, never logged), the file-backed
 * embedded database surviving a restart, the built web app with SPA fallback, settings errors that name
 * the variable, and the typed `hc` client the web app uses.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hc } from "hono/client";
import { afterAll, describe, expect, it } from "vitest";
import { hashToken, lookupSession, purgeExpiredSessions } from "./auth/sessions.ts";
import type { AppType } from "./client.ts";
import { sessions } from "./db/schema.ts";
import { loadEnv, SettingsError } from "./env.ts";
import { testDbKind } from "./test/database.ts";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signedInAdmin, startTestBroker } from "./test/harness.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("first start", () => {
  it("generates an admin password, prints it once to stdout and never logs it", async () => {
    const b = await startTestBroker({ INTERJECT_ADMIN_PASSWORD: "", INTERJECT_ADMIN_EMAIL: "" });
    try {
      expect(b.printed).toHaveLength(1);
      const match = /first administrator (\S+) created with password (\S+)/.exec(b.printed[0] ?? "");
      const [, email, password] = match ?? [];
      expect(email).toBe("admin@interject.local");
      expect(password?.length).toBeGreaterThanOrEqual(20);
      expect(b.logs.join("")).not.toContain(password);
      const login = await b.browser().login(email ?? "", password ?? "");
      expect(login.status).toBe(200);
    } finally {
      await b.stop();
    }
  });

  it("says that a chosen password was used, without printing it", async () => {
    const b = await startTestBroker();
    try {
      expect(b.printed).toEqual([
        `Interject: first administrator ${ADMIN_EMAIL} created with the password in INTERJECT_ADMIN_PASSWORD`,
      ]);
    } finally {
      await b.stop();
    }
  });

  it("refuses a weak INTERJECT_ADMIN_PASSWORD, naming the variable", async () => {
    await expect(startTestBroker({ INTERJECT_ADMIN_PASSWORD: "password1" })).rejects.toThrow(
      /INTERJECT_ADMIN_PASSWORD/,
    );
  });
});

describe.skipIf(testDbKind() === "postgres")("embedded database", () => {
  it("keeps accounts and conversations in INTERJECT_DATA_DIR across a restart", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "broker-persist-"));
    dirs.push(dataDir);
    const first = await startTestBroker({}, { fileBacked: true, dataDir });
    const admin = await signedInAdmin(first);
    const made = await admin.request<{ conversation: { id: string } }>("POST", "/api/conversations", {
      title: "kept",
    });
    await first.stop();
    const second = await startTestBroker({ INTERJECT_ADMIN_PASSWORD: "" }, { fileBacked: true, dataDir });
    try {
      // A later start knows no password: it names the administrator and how to set a new password.
      expect(second.printed).toEqual([
        `Interject: sign in as the administrator ${ADMIN_EMAIL} or any account; passwords are shown only when first made. To set a new one, stop Interject (Ctrl-C) and run: pnpm admin reset-password <email>`,
      ]);
      const again = await signedInAdmin(second);
      const list = await again.request<{ items: Array<{ id: string }> }>("GET", "/api/conversations");
      expect(list.body.items.map((c) => c.id)).toEqual([made.body.conversation.id]);
    } finally {
      await second.stop();
    }
  });
});

describe.skipIf(testDbKind() === "postgres")("embedded database lock", () => {
  it("refuses a second broker on a data directory in use, naming what to do", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "broker-locked-"));
    dirs.push(dataDir);
    const first = await startTestBroker({}, { fileBacked: true, dataDir });
    try {
      await expect(startTestBroker({}, { fileBacked: true, dataDir })).rejects.toThrow(
        "Interject is running on this data directory",
      );
    } finally {
      await first.stop();
    }
  });
});

describe("web app", () => {
  it("serves the built web app at / with an SPA fallback, and never for API paths", async () => {
    const web = await mkdtemp(join(tmpdir(), "broker-web-"));
    dirs.push(web);
    await mkdir(join(web, "assets"));
    await writeFile(join(web, "index.html"), "<!doctype html><title>Interject</title>");
    await writeFile(join(web, "assets", "app.js"), "console.log('hi')");
    const b = await startTestBroker({ INTERJECT_WEB_DIR: web });
    try {
      const root = await fetch(`${b.url}/`);
      expect(await root.text()).toContain("<title>Interject</title>");
      expect(root.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const js = await fetch(`${b.url}/assets/app.js`);
      expect(js.headers.get("content-type")).toMatch(/javascript/);
      const deep = await fetch(`${b.url}/c/some-conversation`);
      expect(await deep.text()).toContain("<title>Interject</title>");
      const api = await fetch(`${b.url}/api/nope`);
      expect(api.status).toBe(404);
      expect(await api.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    } finally {
      await b.stop();
    }
  });
});

describe("settings", () => {
  it("names the variable that is wrong", () => {
    expect(() => loadEnv({ PORT: "eighty" })).toThrow(SettingsError);
    expect(() => loadEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadEnv({ INTERJECT_URL_TTL_SECONDS: "301" })).toThrow(/INTERJECT_URL_TTL_SECONDS/);
    expect(() => loadEnv({ AGENTCORE_ENDPOINT: "ftp://x" })).toThrow(/AGENTCORE_ENDPOINT/);
    expect(() => loadEnv({ INTERJECT_OIDC_ISSUER: "https://idp.example" })).toThrow(
      /INTERJECT_OIDC_CLIENT_ID/,
    );
    expect(loadEnv({}).PORT).toBe(3000);
    expect(loadEnv({}).INTERJECT_URL_TTL_SECONDS).toBe(30);
    expect(loadEnv({ INTERJECT_URL_TTL_SECONDS: "300" }).INTERJECT_URL_TTL_SECONDS).toBe(300);
  });
});

describe("sessions", () => {
  it("end after the idle timeout and after the absolute lifetime", async () => {
    const b = await startTestBroker();
    try {
      const { eq } = await import("drizzle-orm");
      const db = b.services.db;
      const policy = { idleMs: 3_600_000, absoluteMs: 86_400_000 };
      const tokenOf = async () => (await signedInAdmin(b)).cookies.get("__Host-interject_session") ?? "";
      const fresh = await tokenOf();
      expect(await lookupSession(db, fresh, policy)).toBeDefined();
      const idle = await tokenOf();
      await db
        .update(sessions)
        .set({ lastSeenAt: new Date(Date.now() - 2 * 3_600_000) })
        .where(eq(sessions.tokenHash, hashToken(idle)));
      expect(await lookupSession(db, idle, policy)).toBeUndefined();
      const old = await tokenOf();
      await db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.tokenHash, hashToken(old)));
      expect(await lookupSession(db, old, policy)).toBeUndefined();
      const swept = await tokenOf();
      await db
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(sessions.tokenHash, hashToken(swept)));
      await purgeExpiredSessions(db, policy);
      expect(
        await db
          .select()
          .from(sessions)
          .where(eq(sessions.tokenHash, hashToken(swept))),
      ).toHaveLength(0);
      // an ended session is gone from the database, not just refused
      const rows = await db
        .select()
        .from(sessions)
        .where(eq(sessions.tokenHash, hashToken(old)));
      expect(rows).toHaveLength(0);
    } finally {
      await b.stop();
    }
  });
});

describe("typed client", () => {
  it("drives the API through hc<AppType> as the web app does", async () => {
    const b = await startTestBroker();
    try {
      const headers = { origin: b.url };
      const client = hc<AppType>(b.url, { headers });
      const login = await client.api.auth.login.$post({
        json: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
      const authed = hc<AppType>(b.url, { headers: { ...headers, cookie } });
      const created = await authed.api.conversations.$post({ json: { title: "typed" } });
      const body = await created.json();
      if (!("conversation" in body)) throw new Error("no conversation");
      const list = await authed.api.conversations.$get({ query: {} });
      const items = await list.json();
      expect("items" in items && items.items.map((c) => c.title)).toEqual(["typed"]);
    } finally {
      await b.stop();
    }
  });
});
