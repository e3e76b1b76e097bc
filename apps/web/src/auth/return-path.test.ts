/** After signing in, the app goes back where the user was, and never to another site. */
import { describe, expect, it } from "vitest";
import { safeReturnPath, signInPath } from "./return-path.ts";

describe("the sign-in page's return path", () => {
  it("carries the conversation and why the user was sent to sign in", () => {
    expect(signInPath("/c/abc-123", "signed_out")).toBe("/sign-in?signed_out=1&next=%2Fc%2Fabc-123");
    expect(signInPath("/", "expired")).toBe("/sign-in?expired=1");
    expect(signInPath("/admin")).toBe("/sign-in?next=%2Fadmin");
  });

  it("returns to in-app paths only", () => {
    expect(safeReturnPath("/c/abc-123?x=1#end")).toBe("/c/abc-123?x=1#end");
    for (const hostile of [
      null,
      "",
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example/",
      "javascript:alert(1)",
      "c/relative",
      "/sign-in?next=/c/x",
    ]) {
      expect(safeReturnPath(hostile), String(hostile)).toBe("/");
    }
  });
});
