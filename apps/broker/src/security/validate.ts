/** zod validation for every route input, failing with the broker's one error type (400 bad_request). */
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
      throw new ApiError(400, "bad_request", `invalid ${target} (${where})`);
    }
  });
}
