/**
 * Where the sign-in page sends the user back to, carried in its `next` query parameter: only a path of this
 * app (one leading slash, same origin), never another site, so the parameter cannot be used to send a user
 * away after they sign in.
 */
const APP_ORIGIN = "http://app.invalid";

/** The sign-in page's path that returns to `path` afterwards, saying why the user is there. */
export function signInPath(path: string, reason?: "expired" | "signed_out"): string {
  const params = new URLSearchParams(reason ? { [reason]: "1" } : {});
  if (safeReturnPath(path) !== "/") params.set("next", path);
  const query = params.toString();
  return query ? `/sign-in?${query}` : "/sign-in";
}

/** The in-app path to go to after signing in: `next` when it is one of ours, else the start page. */
export function safeReturnPath(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  try {
    const url = new URL(next, APP_ORIGIN);
    if (url.origin !== APP_ORIGIN || url.pathname.startsWith("/sign-in")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
