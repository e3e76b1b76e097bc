/** Route matching (ws, invocations, stopruntimesession) accepts the ARN encoded as one segment (as the SDKs send it) or raw. */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { describe, expect, it } from "vitest";
import { DataPlaneError } from "./errors.ts";
import { assertServedArn, matchRoute } from "./routes.ts";

describe("matchRoute", () => {
  it("accepts the encoded and the raw ARN", () => {
    expect(matchRoute(`/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/ws?x=1`)).toEqual({
      arn: LOCAL_RUNTIME.arn,
      action: "ws",
    });
    expect(matchRoute(`/runtimes/${LOCAL_RUNTIME.arn}/invocations`)).toEqual({
      arn: LOCAL_RUNTIME.arn,
      action: "invocations",
    });
    expect(
      matchRoute(`/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/stopruntimesession?qualifier=DEFAULT`),
    ).toEqual({
      arn: LOCAL_RUNTIME.arn,
      action: "stop",
    });
  });
  it("rejects other paths", () => {
    expect(matchRoute("/ws")).toBeUndefined();
    expect(matchRoute("/runtimes/%zz/ws")).toBeUndefined();
    expect(matchRoute("/runtimes/x/other")).toBeUndefined();
  });
  it("another runtime of the account is 404, another account 403", () => {
    const other = LOCAL_RUNTIME.arn.replace("interject_local", "other");
    const err = (arn: string) => {
      try {
        assertServedArn(arn, [LOCAL_RUNTIME.arn]);
      } catch (e) {
        return e instanceof DataPlaneError ? e.status : -1;
      }
      return 0;
    };
    expect(err(LOCAL_RUNTIME.arn)).toBe(0);
    expect(err(other)).toBe(404);
    expect(err(LOCAL_RUNTIME.arn.replace("000000000000", "111111111111"))).toBe(403);
  });
  it("serves several runtimes, each found; another account's is denied", () => {
    const other = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/example-0000000000";
    expect(() => assertServedArn(other, [LOCAL_RUNTIME.arn, other])).not.toThrow();
    expect(() => assertServedArn(LOCAL_RUNTIME.arn, [LOCAL_RUNTIME.arn, other])).not.toThrow();
    const sameAccount = other.replace("example", "unknown");
    expect(() => assertServedArn(sameAccount, [LOCAL_RUNTIME.arn, other])).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });
});
