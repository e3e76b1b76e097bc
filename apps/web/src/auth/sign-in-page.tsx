/** Sign-in: the local email/password form, and a single-sign-on button when the broker has OIDC set up. */
import { type FormEvent, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError, describeApiError } from "../api/api-error.ts";
import { useAuthConfig, useMe, useSignIn } from "./use-auth.ts";

export function SignInPage() {
  const me = useMe();
  const config = useAuthConfig();
  const signIn = useSignIn();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const expired = new URLSearchParams(location.search).has("expired");

  if (me.data) return <Navigate to="/" replace />;

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
      {expired ? (
        <p className="banner" data-tone="warn" role="status">
          Your session expired. Sign in again to continue.
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
