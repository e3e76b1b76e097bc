/**
 * The signed-in frame: top bar (menu toggle on narrow screens, admin link, password, sign out), sidebar,
 * and the routed page. Signed-out visitors go to the sign-in page; a broker that cannot be reached gets an
 * error that says so.
 */
import { useEffect, useRef, useState } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { signInPath } from "./auth/return-path.ts";
import { useMe, useSignOut } from "./auth/use-auth.ts";
import { Sidebar } from "./conversations/sidebar.tsx";
import { ErrorState } from "./ui/error-state.tsx";

export function AppShell() {
  const me = useMe();
  const signOut = useSignOut();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const wasSignedIn = useRef(false);
  if (me.data) wasSignedIn.current = true;
  // On narrow screens the sidebar is a drawer: choosing a conversation (a new path) closes it.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  if (me.isPending) return <p className="muted pad">Loading…</p>;
  if (me.isError)
    return (
      <ErrorState title="Interject cannot reach its server" error={me.error} retry={() => me.refetch()} />
    );
  if (me.data === null) {
    // Signed in a moment ago and now not (a 401 somewhere): the session expired, and the sign-in page says so
    // and comes back here afterwards. Signing out on purpose just goes to the sign-in page.
    if (!signOut.isIdle) return <Navigate to="/sign-in" replace />;
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={signInPath(here, wasSignedIn.current ? "expired" : undefined)} replace />;
  }
  const user = me.data;
  return (
    <div className="shell" data-menu-open={menuOpen}>
      <header className="topbar">
        <button
          type="button"
          className="button small ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <Link to="/" className="brand">
          Interject
        </Link>
        <span className="spacer" />
        {user.role === "admin" ? (
          <Link to="/admin" className="button small ghost">
            Admin
          </Link>
        ) : null}
        <Link to="/shares" className="button small ghost">
          Shared links
        </Link>
        <Link to="/settings/password" className="button small ghost">
          Password
        </Link>
        <button
          type="button"
          className="button small"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out <span className="sr-only">{user.email}</span>
        </button>
      </header>
      <div id="sidebar" className="shell-sidebar">
        <Sidebar />
      </div>
      <main className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}

export function Welcome() {
  return (
    <div className="pad">
      <h1>Welcome</h1>
      <p className="muted">Start a new conversation from the sidebar, or pick one you had.</p>
    </div>
  );
}
