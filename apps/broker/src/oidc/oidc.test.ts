/**
 * OIDC sign-in end to end against a real OpenID provider (the `oidc-provider` package, started here on a
 * free port with its development login and consent pages): authorization code + PKCE, admin by claim,
 * state bound to the browser, and refusal of a forged callback.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

const CLIENT_ID = "interject";
const CLIENT_SECRET = "oidc-client-secret-for-tests-0123456789";

let idp: Server;
/** Accounts the provider puts in the admin group (a test may take one out). */
const admins = new Set(["boss", "turncoat"]);
let issuer: string;
let broker: TestBroker;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => ok(port));
    });
  });
}

beforeAll(async () => {
  idp = createServer();
  await new Promise<void>((ok) => idp.listen(0, "127.0.0.1", ok));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const brokerPort = await freePort();
  const redirect = `http://127.0.0.1:${brokerPort}/api/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirect],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: `${id}@idp.example`,
        email_verified: true,
        name: `Person ${id}`,
        groups: admins.has(id) ? ["interject-admins"] : ["staff"],
      }),
    }),
  });
  idp.on("request", provider.callback());
  broker = await startTestBroker({
    PORT: String(brokerPort),
    INTERJECT_OIDC_ISSUER: issuer,
    INTERJECT_OIDC_CLIENT_ID: CLIENT_ID,
    INTERJECT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    INTERJECT_OIDC_REDIRECT_URL: redirect,
    INTERJECT_OIDC_ADMIN_CLAIM: "groups",
    INTERJECT_OIDC_ADMIN_VALUE: "interject-admins",
    INTERJECT_OIDC_ALLOW_HTTP: "true",
  });
  broker.secrets.add(CLIENT_SECRET);
});

afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
  idp.closeAllConnections();
  await new Promise((ok) => idp.close(ok));
});

/** The provider side of a browser: follows redirects by hand, keeps the provider's cookies, fills the forms. */
async function signInAtProvider(authUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair?.indexOf("=") ?? -1;
      if (pair && i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  let url = authUrl;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(broker.url) && url.includes("/api/auth/oidc/callback")) return url;
    const res = await go(url);
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${res.status}`);
    const fields: Record<string, string> = html.includes('name="login"')
      ? { prompt: "login", login, password: "anything" }
      : { prompt: "consent" };
    const posted = await go(new URL(action, url).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const next = posted.headers.get("location");
    if (!next) throw new Error(`form post at ${url} did not redirect (${posted.status})`);
    url = new URL(next, url).href;
  }
  throw new Error("too many redirects");
}

async function oidcSignIn(login: string): Promise<{ browser: Browser; finalLocation: string | null }> {
  const browser = broker.browser();
  const start = await browser.request("GET", "/api/auth/oidc/login");
  expect(start.status).toBe(302);
  const authUrl = start.headers.get("location") ?? "";
  expect(authUrl.startsWith(`${issuer}/`)).toBe(true);
  const params = new URL(authUrl).searchParams;
  expect(params.get("code_challenge_method")).toBe("S256");
  expect(params.get("code_challenge")).toBeTruthy();
  const callback = await signInAtProvider(authUrl, login);
  const cb = new URL(callback);
  const done = await browser.request("GET", `${cb.pathname}${cb.search}`);
  expect(done.status).toBe(302);
  return { browser, finalLocation: done.headers.get("location") };
}

describe("OIDC sign-in", () => {
  it("advertises the login URL", async () => {
    const r = await broker.browser().request("GET", "/api/auth/config");
    expect(r.body).toMatchObject({ oidc: { enabled: true, loginUrl: "/api/auth/oidc/login" } });
  });

  it("signs a user in with code + PKCE and creates the account as a plain user", async () => {
    const { browser, finalLocation } = await oidcSignIn("worker");
    expect(finalLocation).toBe("/");
    const me = await browser.request<{ user: { email: string; role: string; displayName: string } }>(
      "GET",
      "/api/me",
    );
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      email: "worker@idp.example",
      role: "user",
      displayName: "Person worker",
    });
  });

  it("grants admin from the configured claim", async () => {
    const { browser } = await oidcSignIn("boss");
    const me = await browser.request<{ user: { role: string } }>("GET", "/api/me");
    expect(me.body.user.role).toBe("admin");
    expect((await browser.request("GET", "/api/admin/users")).status).toBe(200);
  });

  it("signs the same person into the same account the second time", async () => {
    await oidcSignIn("repeat");
    const { browser } = await oidcSignIn("repeat");
    const me = await browser.request<{ user: { id: string } }>("GET", "/api/me");
    const admin = await signedInAdmin(broker);
    const users = await admin.request<{ users: Array<{ email: string }> }>("GET", "/api/admin/users");
    expect(users.body.users.filter((u) => u.email === "repeat@idp.example")).toHaveLength(1);
    expect(me.body.user.id).toBeTruthy();
  });

  it("demotes an admin whom the provider no longer vouches for, and stops their full-trace connections", async () => {
    const first = await oidcSignIn("turncoat");
    const conv = await first.browser.request<{ conversation: { id: string; sessionId: string } }>(
      "POST",
      "/api/conversations",
      {},
    );
    const { id, sessionId } = conv.body.conversation;
    expect((await first.browser.request("POST", `/api/conversations/${id}/connection`)).status).toBe(200);
    admins.delete("turncoat");
    const before = broker.runtime?.calls.length ?? 0;
    const again = await oidcSignIn("turncoat");
    expect((await again.browser.request<{ user: { role: string } }>("GET", "/api/me")).body.user.role).toBe(
      "user",
    );
    expect(broker.runtime?.calls.slice(before).map((c) => c.sessionId)).toEqual([sessionId]);
  });

  it("refuses a callback whose state was not issued to this browser", async () => {
    const victim = broker.browser();
    const start = await victim.request("GET", "/api/auth/oidc/login");
    const callback = await signInAtProvider(start.headers.get("location") ?? "", "attacker");
    const cb = new URL(callback);
    const other = broker.browser();
    const r = await other.request("GET", `${cb.pathname}${cb.search}`);
    expect(r.headers.get("location")).toBe("/?login_error=oidc");
    expect((await other.request("GET", "/api/me")).status).toBe(401);
  });
});
