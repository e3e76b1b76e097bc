/**
 * The signed-in frame: top bar (menu toggle on narrow screens, admin link, sign out), the sidebar (a drawer
 * on narrow screens) with the theme, the shortcuts and the password page at its foot, and the routed page.
 * The app-wide keyboard shortcuts live here. Signed-out visitors go to the sign-in page; a broker that cannot
 * be reached gets an error that says so.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { signInPath } from "./auth/return-path.ts";
import { useMe, useSignOut } from "./auth/use-auth.ts";
import { Sidebar } from "./conversations/sidebar.tsx";
import { ErrorState } from "./ui/error-state.tsx";
import { ShortcutsDialog } from "./ui/shortcuts-dialog.tsx";
import { ThemeSwitch } from "./ui/theme-switch.tsx";
import { useShortcuts } from "./ui/use-shortcuts.ts";

export function AppShell() {
  const me = useMe();
  const signOut = useSignOut();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const wasSignedIn = useRef(false);
  if (me.data) wasSignedIn.current = true;
  // On narrow screens the sidebar is a drawer: choosing a conversation (a new path) closes it.
  // Every navigation (to the same page again too) closes it.
  useEffect(() => setMenuOpen(false), [location.key]);
  // Esc closes the drawer (a menu or a dialog inside it handles its own Esc first).
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) setMenuOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [menuOpen]);
  const openSearch = useCallback(() => {
    setMenuOpen(true);
    requestAnimationFrame(() => document.getElementById("conversation-search")?.focus());
  }, []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts({ openSearch, openHelp });

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
        <button
          type="button"
          className="button small"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out <span className="sr-only">{user.email}</span>
        </button>
      </header>
      {menuOpen ? (
        <button
          type="button"
          className="drawer-backdrop"
          aria-label="Close the menu"
          tabIndex={-1}
          onClick={() => setMenuOpen(false)}
        />
      ) : null}
      <div id="sidebar" className="shell-sidebar">
        <Sidebar />
        <div className="sidebar-foot">
          <ThemeSwitch />
          <button type="button" className="button small ghost" onClick={openHelp} aria-keyshortcuts="?">
            Shortcuts
          </button>
          <Link to="/settings/password" className="button small ghost">
            Password
          </Link>
        </div>
      </div>
      <main className="shell-main">
        <Outlet />
      </main>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
