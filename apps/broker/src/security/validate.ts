/**
 * zod validation for every route input, failing with the broker's one error type (400 bad_request). A body's
 * problems are also given per field (`fields`: the first problem of each), so a form can show each where it
 * belongs.
 */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { ApiError } from "../errors.ts";

export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue ? `${issue.path.join(".") || target}: ${issue.message}` : "invalid input";
      const fields: Record<string, string> = {};
      for (const i of result.error.issues) {
        const path = i.path.join(".");
        if (path !== "" && !(path in fields)) fields[path] = i.message;
      }
      throw new ApiError(
        400,
        "bad_request",
        `invalid ${target} (${where})`,
        undefined,
        Object.keys(fields).length > 0 ? fields : undefined,
      );
    }
  });
}
