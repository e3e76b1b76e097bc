/** Sign-in: the local email/password form, and a single-sign-on button when the broker has OIDC set up. */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError, describeApiError } from "../api/api-error.ts";
import { authQueries } from "./auth-queries.ts";
import { safeReturnPath } from "./return-path.ts";
import { useAuthConfig, useSignIn } from "./use-auth.ts";

export function SignInPage() {
  // Asked afresh on arrival: a user sent here because the broker refused their sign-in may still be the
  // signed-in user in this tab's cache, and must get the form, not a bounce back to where they came from.
  const me = useQuery({ ...authQueries.me(), refetchOnMount: "always" });
  const config = useAuthConfig();
  const signIn = useSignIn();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const params = new URLSearchParams(location.search);
  const notice = params.has("signed_out")
    ? "You were signed out, so your conversation was disconnected. Sign in again to continue where you were."
    : params.has("expired")
      ? "Your session expired. Sign in again to continue."
      : null;

  // Signed in: back to where the user was sent here from (an in-app path only), or the start page.
  if (me.data && !me.isFetching) return <Navigate to={safeReturnPath(params.get("next"))} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ email, password });
  }

  const error = signIn.error;
  const message =
    error instanceof ApiError && error.kind === "unauthorized"
      ? "That email and password do not match an account."
      : error
        ? describeApiError(error)
        : null;
  return (
    <main className="sign-in">
      <h1>Interject</h1>
      {notice ? (
        <p className="banner" data-tone="warn" role="status">
          {notice}
        </p>
      ) : null}
      {config.isError ? (
        <p className="banner" data-tone="bad" role="alert">
          {describeApiError(config.error)}
        </p>
      ) : null}
      <form onSubmit={submit} className="stack" aria-describedby={message ? "sign-in-error" : undefined}>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {message ? (
          <p id="sign-in-error" className="form-error" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {config.data?.oidc.enabled && config.data.oidc.loginUrl ? (
        <a className="button" href={config.data.oidc.loginUrl}>
          Sign in with single sign-on
        </a>
      ) : null}
    </main>
  );
}
