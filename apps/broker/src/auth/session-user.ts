/** Who a sign-in belongs to, as every route sees it, and how long sign-ins last. */

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: "user" | "admin";
}

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}
