/** User accounts: local (argon2id password) or OIDC (issuer + subject). Emails are stored lower-cased. */
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { checkPasswordPolicy, hashPassword } from "../auth/passwords.ts";
import { sessionCacheFor } from "../auth/session-cache.ts";
import type { Db } from "../db/open.ts";
import { users } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { announceRevocation } from "../revocation/notify.ts";

export type UserRow = typeof users.$inferSelect;
export type Role = UserRow["role"];

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface AdminUser extends PublicUser {
  disabled: boolean;
  createdAt: string;
  signIn: "password" | "oidc";
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const toPublicUser = (u: Pick<UserRow, "id" | "email" | "displayName" | "role">): PublicUser => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
});

export const toAdminUser = (u: UserRow): AdminUser => ({
  ...toPublicUser(u),
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  signIn: u.passwordHash ? "password" : "oidc",
});

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return rows[0];
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export interface NewUser {
  email: string;
  password?: string | undefined;
  role: Role;
  displayName?: string | undefined;
  oidcSubject?: string | undefined;
}

export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) checkPasswordPolicy(input.password, email);
  if (await findUserByEmail(db, email)) throw new ApiError(409, "conflict", "a user with this email exists");
  const now = new Date();
  const [row] = await db
    .insert(users)
    .values({
      id: randomUUID(),
      email,
      displayName: input.displayName?.trim() || email.split("@")[0] || email,
      role: input.role,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      oidcSubject: input.oidcSubject ?? null,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ApiError(409, "conflict", "a user with this email exists");
  return row;
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<Pick<UserRow, "role" | "disabled" | "passwordHash" | "displayName" | "oidcSubject">>,
): Promise<UserRow> {
  // Role or status changes must reach cached sessions at once: drop before the write and again after it
  // has committed, so a lookup that read the old row meanwhile cannot cache it (see session-cache.ts), then
  // tell every other broker.
  const cache = sessionCacheFor(db);
  cache.dropUser(id);
  let row: UserRow | undefined;
  try {
    [row] = await db
      .update(users)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
  } finally {
    cache.dropUser(id);
  }
  if (!row) throw new ApiError(404, "not_found", "no such user");
  await announceRevocation(db, { kind: "user", userId: id });
  return row;
}
