/**
 * Security probes, each a real HTTP request against a real broker: CSRF, CORS, headers, brute-force
 * throttling, enumeration, IDOR, admin-only routes, disabling, the ingest token, and secrets in the log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SOURCE_FAILURES_PER_WINDOW } from "../auth/credential-throttle.ts";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type Browser,
  INGEST_TOKEN,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

let broker: TestBroker;
let admin: Browser;
beforeAll(async () => {
  broker = await startTestBroker({ INTERJECT_ALLOWED_ORIGINS: "https://trusted.example" });
  admin = await signedInAdmin(broker);
});
afterAll(async () => {
  const logs = broker.logs.join("");
  expect(logs.length).toBeGreaterThan(0);
  expect(secretsInLogs(broker)).toEqual([]);
  expect(logs).not.toContain("X-Amz-Signature");
  expect(logs).not.toMatch(/interject_session=/);
  await broker.stop();
});

describe("CSRF and CORS", () => {
  it("refuses state changes from another origin, or with no origin information at all", async () => {
    const evil = await admin.request("POST", "/api/conversations", {}, { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.body).toEqual({ error: { code: "csrf", message: expect.any(String) } });
    const crossSite = await admin.request(
      "POST",
      "/api/conversations",
      {},
      { origin: "", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const none = await admin.request("POST", "/api/conversations", {}, { origin: "" });
    expect(none.status).toBe(403);
    const loginCsrf = await broker
      .browser()
      .request(
        "POST",
        "/api/auth/login",
        { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        { origin: "https://evil.example" },
      );
    expect(loginCsrf.status).toBe(403);
    expect(loginCsrf.headers.get("set-cookie")).toBeNull();
  });

  it("accepts same-origin by Sec-Fetch-Site, by Origin, and from the allow-list", async () => {
    expect(
      (await admin.request("POST", "/api/conversations", {}, { origin: "", "sec-fetch-site": "same-origin" }))
        .status,
    ).toBe(201);
    expect((await admin.request("POST", "/api/conversations", {})).status).toBe(201);
    expect(
      (await admin.request("POST", "/api/conversations", {}, { origin: "https://trusted.example" })).status,
    ).toBe(201);
  });

  it("answers CORS only for allow-listed origins", async () => {
    const pre = await fetch(`${broker.url}/api/conversations`, {
      method: "OPTIONS",
      headers: { origin: "https://trusted.example", "access-control-request-method": "POST" },
    });
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://trusted.example");
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    const evil = await fetch(`${broker.url}/api/conversations`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
    expect(evil.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("marks actual answers for allow-listed origins only, and always varies by Origin", async () => {
    const conv = (
      await admin.request<{ conversation: { id: string } }>(
        "POST",
        "/api/conversations",
        {},
        { origin: "https://trusted.example" },
      )
    ).body.conversation;
    const trusted = await admin.request("POST", `/api/conversations/${conv.id}/connection`, undefined, {
      origin: "https://trusted.example",
    });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get("access-control-allow-origin")).toBe("https://trusted.example");
    expect(trusted.headers.get("access-control-allow-credentials")).toBe("true");
    expect(trusted.headers.get("vary")).toMatch(/\bOrigin\b/);
    const evil = await fetch(`${broker.url}/api/auth/config`, {
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(200);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
    expect(evil.headers.get("vary")).toMatch(/\bOrigin\b/);
  });

  it("changes nothing on GET", async () => {
    const r = await admin.request("GET", "/api/auth/logout");
    expect(r.status).toBe(404);
    expect((await admin.request("GET", "/api/me")).status).toBe(200);
  });
});

describe("security headers", () => {
  it("sends CSP without inline scripts, frame-ancestors none, nosniff and no-referrer", async () => {
    for (const path of ["/api/auth/config", "/api/me", "/nothing-here"]) {
      const r = await fetch(`${broker.url}${path}`);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain(`connect-src 'self' ${broker.runtime?.url.replace(/^http/, "ws")}`);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      if (path.startsWith("/api/")) expect(r.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("sends a Permissions-Policy that denies powerful features and keeps the microphone for the page", async () => {
    for (const path of ["/api/auth/config", "/nothing-here"]) {
      const r = await fetch(`${broker.url}${path}`);
      const directives = new Map(
        (r.headers.get("permissions-policy") ?? "").split(",").map((d) => {
          const [feature = "", allow = ""] = d.trim().split("=");
          return [feature, allow] as const;
        }),
      );
      for (const denied of ["camera", "geolocation", "payment", "usb", "serial", "hid", "display-capture"]) {
        expect(directives.get(denied), denied).toBe("()");
      }
      expect(directives.get("microphone")).toBe("(self)");
    }
  });

  it("sends them with a minted URL, and on errors, too", async () => {
    const conv = (await admin.request<{ conversation: { id: string } }>("POST", "/api/conversations", {}))
      .body.conversation;
    const minted = await admin.request("POST", `/api/conversations/${conv.id}/connection`);
    const missing = await admin.request("POST", `/api/conversations/${crypto.randomUUID()}/connection`);
    const signedOut = await broker.browser().request("POST", `/api/conversations/${conv.id}/connection`);
    expect([minted.status, missing.status, signedOut.status]).toEqual([200, 404, 401]);
    for (const r of [minted, missing, signedOut]) {
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    }
  });
});

describe("request body limit", () => {
  const tooBig = JSON.stringify({ title: "x".repeat(64 * 1024) });
  const chunked = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 4096) c.enqueue(bytes.slice(i, i + 4096));
        c.close();
      },
    });
  const post = (body: string | ReadableStream<Uint8Array>) =>
    fetch(`${broker.url}/api/conversations`, {
      method: "POST",
      headers: {
        origin: broker.url,
        "content-type": "application/json",
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);

  it("refuses an API body over 64 KiB by its Content-Length", async () => {
    const r = await post(tooBig);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
  });

  it("counts a chunked body as it streams: refuses one over 64 KiB and takes a small one", async () => {
    const big = await post(chunked(tooBig));
    expect(big.status).toBe(413);
    const small = await post(chunked(JSON.stringify({ title: "sent in chunks" })));
    expect(small.status).toBe(201);
    expect(((await small.json()) as { conversation: { title: string } }).conversation.title).toBe(
      "sent in chunks",
    );
  });
});

describe("brute force and enumeration", () => {
  it("backs off an account after 5 failures, for known and unknown emails alike, without locking the real user out for long", async () => {
    const b = await startTestBroker();
    // A stopped clock (Date only; timers run): on a loaded machine one password check can outlast the first
    // one-second back-off.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      const probe = b.browser();
      const statuses = async (email: string) => {
        const out: number[] = [];
        for (let i = 0; i < 7; i++) out.push((await probe.login(email, `wrong-password-${i}`)).status);
        return out;
      };
      const known = await statuses(ADMIN_EMAIL);
      const unknown = await statuses("ghost@example.com");
      expect(known).toEqual([401, 401, 401, 401, 401, 429, 429]);
      expect(unknown).toEqual(known);
      const throttled = await probe.login(ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(throttled.status).toBe(429);
      const wait = Number(throttled.headers.get("retry-after"));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      await b.services.audit.flush();
    } finally {
      vi.useRealTimers();
      await b.stop();
    }
  });

  it("throttles change-password like sign-in, on the same counters, and audits every failure and refusal", async () => {
    const b = await startTestBroker();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      const a = await signedInAdmin(b);
      const { browser, id, password } = await newUser(b, a, "guessed@example.com");
      const change = (currentPassword: string) =>
        browser.request("POST", "/api/me/password", {
          currentPassword,
          newPassword: "a fresh passphrase 123",
        });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await change(`wrong-${i}`)).status);
      expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429]);
      // The right password waits too, and so does signing in: it is one account's guesses.
      const right = await change(password);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect((await b.browser().login("guessed@example.com", password)).status).toBe(429);
      type Audit = {
        items: Array<{ action: string; actorUserId: string; targetId: string; source: string }>;
      };
      const audit = await a.request<Audit>("GET", "/api/admin/audit?limit=100");
      const mine = audit.body.items.filter((e) => e.actorUserId === id && e.action.startsWith("password."));
      expect(mine.filter((e) => e.action === "password.change.failed")).toHaveLength(5);
      expect(mine.filter((e) => e.action === "password.change.throttled")).toHaveLength(3);
      expect(mine.every((e) => e.targetId === id && e.source === "127.0.0.1")).toBe(true);
    } finally {
      vi.useRealTimers();
      await b.stop();
    }
  });

  it("counts failed sign-ins against change-password too", async () => {
    const b = await startTestBroker();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      const { browser, password } = await newUser(b, await signedInAdmin(b), "targeted@example.com");
      const attacker = b.browser();
      for (let i = 0; i < 5; i++)
        expect((await attacker.login("targeted@example.com", `guess-${i}`)).status).toBe(401);
      const r = await browser.request("POST", "/api/me/password", {
        currentPassword: password,
        newPassword: "a fresh passphrase 456",
      });
      expect(r.status).toBe(429);
    } finally {
      vi.useRealTimers();
      await b.stop();
    }
  });

  it("limits failures per source address across accounts", async () => {
    const b = await startTestBroker();
    try {
      const probe = b.browser();
      const statuses: number[] = [];
      for (let i = 0; i <= SOURCE_FAILURES_PER_WINDOW; i++)
        statuses.push((await probe.login(`spray-${i}@example.com`, "Spring2026!")).status);
      expect(statuses.slice(0, SOURCE_FAILURES_PER_WINDOW).every((s) => s === 401)).toBe(true);
      expect(statuses[SOURCE_FAILURES_PER_WINDOW]).toBe(429);
    } finally {
      await b.stop();
    }
  }, 300_000);
});

describe("client address", () => {
  type Audit = { items: Array<{ action: string; source: string | null; detail: { email?: string } }> };
  const sourceOf = async (b: TestBroker, email: string) => {
    await b.browser().request(
      "POST",
      "/api/auth/login",
      { email, password: "not the password" },
      {
        "x-forwarded-for": "6.6.6.6, 10.9.8.7",
      },
    );
    const audit = await (await signedInAdmin(b)).request<Audit>("GET", "/api/admin/audit?limit=50");
    return audit.body.items.find((i) => i.action === "login.failed" && i.detail.email === email)?.source;
  };

  it("ignores X-Forwarded-For unless told to trust a proxy, then takes the entry the proxy appended", async () => {
    expect(await sourceOf(broker, "xff-untrusted@example.com")).toBe("127.0.0.1");
    const trusting = await startTestBroker({ INTERJECT_TRUST_PROXY: "true" });
    try {
      expect(await sourceOf(trusting, "xff-trusted@example.com")).toBe("10.9.8.7");
    } finally {
      await trusting.stop();
    }
  });
});

describe("IDOR", () => {
  it("user B can neither read, change nor mint for user A's conversation, nor see it in a list", async () => {
    const a = await newUser(broker, admin, "idor-a@example.com");
    const b = await newUser(broker, admin, "idor-b@example.com");
    const conv = (
      await a.browser.request<{ conversation: { id: string; sessionId: string } }>(
        "POST",
        "/api/conversations",
        { title: "A's secret" },
      )
    ).body.conversation;
    await postEvents(
      broker.url,
      batch(turnEvents(conv.sessionId, 1, "t1", "private question", ["private answer"], "complete")),
    );
    const probes: Array<[string, string, unknown?]> = [
      ["GET", `/api/conversations/${conv.id}/messages`],
      ["GET", `/api/conversations/${conv.id}/events?afterSeq=0`],
      ["POST", `/api/conversations/${conv.id}/connection`],
      ["PATCH", `/api/conversations/${conv.id}`, { title: "mine now" }],
      ["DELETE", `/api/conversations/${conv.id}`],
    ];
    for (const [method, path, body] of probes) {
      const r = await b.browser.request(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain("private");
    }
    const list = await b.browser.request("GET", "/api/conversations?q=secret");
    expect(JSON.stringify(list.body)).not.toContain(conv.id);
    expect(JSON.stringify((await b.browser.request("GET", "/api/conversations")).body)).not.toContain(
      conv.id,
    );
    for (const path of [
      "/api/admin/users",
      "/api/admin/conversations",
      `/api/admin/conversations/${conv.id}`,
      "/api/admin/audit",
    ]) {
      const r = await b.browser.request("GET", path);
      expect(r.status, path).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain("idor-a");
    }
    expect(
      (
        await b.browser.request("POST", "/api/admin/users", {
          email: "x@example.com",
          password: "long enough pass",
          role: "admin",
        })
      ).status,
    ).toBe(403);
    expect((await b.browser.request("PATCH", `/api/admin/users/${b.id}`, { role: "admin" })).status).toBe(
      403,
    );
    const stillMine = await a.browser.request<{ turns: Array<{ response: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/messages`,
    );
    expect(stillMine.body.turns[0]?.response).toBe("private answer");
  });
});

describe("ingest authentication", () => {
  it("refuses a missing, wrong or near-miss token", async () => {
    const body = batch(turnEvents("s".repeat(40), 1, "t1", "q", ["a"], "complete"));
    expect((await postEvents(broker.url, body, "")).status).toBe(401);
    expect((await postEvents(broker.url, body, "wrong")).status).toBe(401);
    expect((await postEvents(broker.url, body, `${INGEST_TOKEN}x`)).status).toBe(401);
    expect((await postEvents(broker.url, body, INGEST_TOKEN.slice(0, -1))).status).toBe(401);
    const history = await fetch(`${broker.url}/internal/v1/sessions/${"s".repeat(40)}/history`);
    expect(history.status).toBe(401);
    // a session cookie is not an ingest credential
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const withCookie = await fetch(`${broker.url}/internal/v1/events`, {
      method: "POST",
      headers: { cookie },
      body: JSON.stringify(body),
    });
    expect(withCookie.status).toBe(401);
  });

  it("refuses everything when no ingest token is configured", async () => {
    const b = await startTestBroker({ BROKER_INGEST_TOKEN: "" });
    try {
      expect(
        (await postEvents(b.url, batch(turnEvents("s".repeat(40), 1, "t1", "q", ["a"], "complete")), ""))
          .status,
      ).toBe(401);
    } finally {
      await b.stop();
    }
  });
});

describe("accounts administration", () => {
  it("disabling ends the user's sessions and blocks sign-in; re-enabling allows it again", async () => {
    const u = await newUser(broker, admin, "disable-me@example.com");
    const off = await admin.request<{ user: { disabled: boolean } }>("PATCH", `/api/admin/users/${u.id}`, {
      disabled: true,
    });
    expect(off.body.user.disabled).toBe(true);
    expect((await u.browser.request("GET", "/api/me")).status).toBe(401);
    expect((await broker.browser().login("disable-me@example.com", u.password)).status).toBe(401);
    await admin.request("PATCH", `/api/admin/users/${u.id}`, { disabled: false });
    expect((await broker.browser().login("disable-me@example.com", u.password)).status).toBe(200);
  });

  it("sets roles, refuses duplicate and weak accounts, and lists users", async () => {
    const u = await newUser(broker, admin, "promote@example.com");
    expect((await u.browser.request("GET", "/api/admin/users")).status).toBe(403);
    await admin.request("PATCH", `/api/admin/users/${u.id}`, { role: "admin" });
    expect((await u.browser.request("GET", "/api/admin/users")).status).toBe(200);
    const dup = await admin.request("POST", "/api/admin/users", {
      email: "PROMOTE@example.com",
      password: "another long password",
      role: "user",
    });
    expect(dup.status).toBe(409);
    const weak = await admin.request<{ error: { code: string } }>("POST", "/api/admin/users", {
      email: "weak@example.com",
      password: "iloveyou2",
      role: "user",
    });
    expect(weak.body.error.code).toBe("weak_password");
    const longest = "x".repeat(64) + "y".repeat(64);
    broker.secrets.add(longest);
    expect(
      (
        await admin.request("POST", "/api/admin/users", {
          email: "long@example.com",
          password: longest,
          role: "user",
        })
      ).status,
    ).toBe(201);
    const self = (await admin.request<{ user: { id: string } }>("GET", "/api/me")).body.user.id;
    expect((await admin.request("PATCH", `/api/admin/users/${self}`, { disabled: true })).status).toBe(409);
  });

  it("filters all conversations and audits every admin read of another user's conversation", async () => {
    const u = await newUser(broker, admin, "audited@example.com");
    const make = async (title: string) =>
      (
        await u.browser.request<{ conversation: { id: string; sessionId: string } }>(
          "POST",
          "/api/conversations",
          { title },
        )
      ).body.conversation;
    const ok = await make("fine");
    const broken = await make("broken");
    const cut = await make("cut");
    await postEvents(broker.url, batch(turnEvents(ok.sessionId, 1, "t1", "q", ["a"], "complete")));
    await postEvents(broker.url, batch(turnEvents(broken.sessionId, 1, "t1", "q", ["a"], "error")));
    await postEvents(broker.url, batch(turnEvents(cut.sessionId, 1, "t1", "q", ["a"], "interrupted")));
    const ids = async (query: string) =>
      (
        await admin.request<{ items: Array<{ id: string }> }>(
          "GET",
          `/api/admin/conversations?userId=${u.id}${query}`,
        )
      ).body.items.map((i) => i.id);
    expect(new Set(await ids(""))).toEqual(new Set([ok.id, broken.id, cut.id]));
    expect(await ids("&errors=true")).toEqual([broken.id]);
    expect(await ids("&interrupted=true")).toEqual([cut.id]);
    expect(await ids("&status=complete")).toEqual([ok.id]);
    expect(await ids(`&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    const read = await admin.request<{ owner: { email: string }; turns: unknown[] }>(
      "GET",
      `/api/admin/conversations/${broken.id}`,
    );
    expect(read.body.owner.email).toBe("audited@example.com");
    const audit = await admin.request<{ items: Array<{ action: string; targetId: string | null }> }>(
      "GET",
      "/api/admin/audit?limit=200",
    );
    expect(
      audit.body.items.some((i) => i.action === "admin.conversation.read" && i.targetId === broken.id),
    ).toBe(true);
    expect(audit.body.items.some((i) => i.action === "login.failed")).toBe(true);
  });
});
