/** Settings: documented defaults, and errors that name the variable. */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";

describe("readEnv", () => {
  it("has the documented defaults", () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      PORT: 8790,
      AGENT_URL: "http://127.0.0.1:8080",
      AGENTCORE_RUNTIME_ARN: LOCAL_RUNTIME.arn,
      INTERJECT_DATA_DIR: ".interject",
      AGENTCORE_ALLOWED_ORIGINS: ["http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173"],
      AGENTCORE_IDLE_TIMEOUT_SECONDS: 900,
      AGENTCORE_MAX_LIFETIME_SECONDS: 28_800,
      AGENTCORE_ISOLATION: "shared",
    });
  });

  it("names the bad variable", () => {
    expect(() => readEnv({ AGENTCORE_RUNTIME_ARN: "arn:aws:s3:::bucket" })).toThrow(/AGENTCORE_RUNTIME_ARN/);
    expect(() => readEnv({ AGENTCORE_ISOLATION: "vm" })).toThrow(/AGENTCORE_ISOLATION/);
    expect(() => readEnv({ AWS_ACCESS_KEY_ID: "AKIA" })).toThrow(/AWS_SECRET_ACCESS_KEY/);
    expect(() => readEnv({ AGENTCORE_JWT_ISSUER: "https://i" })).toThrow(/AGENTCORE_JWT_JWKS_URL/);
    expect(() => readEnv({ PORT: "http" })).toThrow(/PORT/);
  });
});
