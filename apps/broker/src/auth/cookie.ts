/**
 * The session cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax, Path=/. INTERJECT_INSECURE_COOKIES
 * is the one explicit exception, for plain-http hosts other than localhost (Chromium accepts Secure
 * cookies on http://localhost, so local development needs no exception).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieSettings } from "../context.ts";

export function cookieSettings(insecure: boolean): CookieSettings {
  return insecure
    ? { name: "interject_session", secure: false }
    : { name: "__Host-interject_session", secure: true };
}

export function readSessionCookie(c: Context, s: CookieSettings): string | undefined {
  const value = getCookie(c, s.name);
  return value && value.length <= 128 ? value : undefined;
}

export function writeSessionCookie(
  c: Context,
  s: CookieSettings,
  token: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, s.name, token, {
    path: "/",
    secure: s.secure,
    httpOnly: true,
    sameSite: "Lax",
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context, s: CookieSettings): void {
  deleteCookie(c, s.name, { path: "/", secure: s.secure, httpOnly: true, sameSite: "Lax" });
}
