/**
 * Password hashing and policy. argon2id with t=2, m=19 MiB, p=1 (ASVS 5.0 Appendix C); length 8 to 128
 * characters; the 10,000 most common passwords of at least 8 characters are refused. That list is the
 * head of zxcvbn-ts's ranked common-password list (@zxcvbn-ts/language-common 4.1.3, MIT), filtered to
 * 8+ characters and committed as data/common-passwords.txt so nothing is fetched at run time.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hash, verify } from "@node-rs/argon2";
import { ApiError } from "../errors.ts";

// algorithm 2 is Algorithm.Argon2id (an ambient const enum, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, timeCost: 2, memoryCost: 19_456, parallelism: 1 } as const;

export const MIN_PASSWORD_CHARS = 8;
export const MAX_PASSWORD_CHARS = 128;

const common = new Set(
  readFileSync(new URL("./data/common-passwords.txt", import.meta.url), "utf8")
    .split("\n")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l.length > 0),
);

/** Throws an ApiError (weak_password) saying what is wrong with a new password. */
export function checkPasswordPolicy(password: string, email?: string): void {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS) {
    throw new ApiError(
      400,
      "weak_password",
      `use at least ${MIN_PASSWORD_CHARS} characters (15 or more is better)`,
    );
  }
  if (chars > MAX_PASSWORD_CHARS) {
    throw new ApiError(400, "weak_password", `use at most ${MAX_PASSWORD_CHARS} characters`);
  }
  const lower = password.toLowerCase();
  if (common.has(lower) || (email !== undefined && lower === email.toLowerCase())) {
    throw new ApiError(400, "weak_password", "this password is too common; choose another");
  }
}

/** A password the broker makes up (the first admin's, a reset): 144 random bits, 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: unknown users are verified against it so they take as long as known ones. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hash(`dummy-${Math.random()}-${Date.now()}`, ARGON2);
  return dummy;
}
