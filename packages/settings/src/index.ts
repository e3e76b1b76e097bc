/**
 * How every Interject app reads its settings (create-t3-turbo's pattern): one `env.ts` per app calls
 * `readSettings` with its zod shape; @t3-oss/env-core validates the environment once at start-up, empty
 * strings count as unset, and a bad value becomes one SettingsError that names every wrong variable and why.
 * The field builders below keep the same kind of setting (a port, a list, a flag) spelled the same everywhere.
 */
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

export interface SettingsProblem {
  variable: string;
  message: string;
}

export class SettingsError extends Error {
  override name = "SettingsError";
  readonly app: string;
  readonly problems: readonly SettingsProblem[];
  // Plain fields, not parameter properties: vite.config.ts loads this file through Node's type stripping.
  constructor(app: string, problems: readonly SettingsProblem[]) {
    super(`invalid ${app} settings:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.app = app;
    this.problems = problems;
  }
}

type Shape = Record<string, z.ZodType>;
type Source = Record<string, string | undefined>;

export interface ReadOptions<S extends Shape> {
  /** Checks across variables (e.g. two that must be set together); add issues with the variable as path. */
  refine?: (values: z.infer<z.ZodObject<S>>, ctx: z.RefinementCtx) => void;
}

/** Validates `source` (process.env by default, never modified) against `shape`; throws a SettingsError. */
export function readSettings<S extends Shape>(
  app: string,
  shape: S,
  source: Source = process.env,
  options: ReadOptions<S> = {},
): z.infer<z.ZodObject<S>> {
  const env = createEnv({
    server: shape,
    // env-core deletes empty strings from the object it is given: hand it a copy.
    runtimeEnv: { ...source },
    emptyStringAsUndefined: true,
    isServer: true,
    createFinalSchema: (s) => {
      const object = z.object(s as S);
      return options.refine ? object.superRefine(options.refine) : object;
    },
    onValidationError: (issues) => {
      throw new SettingsError(
        app,
        issues.map((issue) => ({
          variable:
            issue.path
              ?.map((p) => (typeof p === "object" && p !== null && "key" in p ? String(p.key) : String(p)))
              .join(".") || "(settings)",
          message: issue.message,
        })),
      );
    },
  });
  // A plain object: callers spread and pass settings around; env-core's proxy only guards browser access.
  return { ...env } as z.infer<z.ZodObject<S>>;
}

/** Builders for the kinds of setting every app has. */
export const setting = {
  /** An integer between min and max (inclusive) with a default. */
  int: (fallback: number, min: number, max: number) =>
    z.coerce.number().int().min(min).max(max).default(fallback),
  /** A TCP port (0 picks a free one). */
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  logLevel: () => z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `true`/`1` or `false`/`0`; unset is false. */
  flag: () =>
    z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => v === "true" || v === "1"),
  /** Trimmed text; unset (or blank) is undefined. */
  text: () =>
    z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim())),
  /** A comma-separated list; unset is the fallback's items. */
  list: (fallback = "") =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      ),
};
