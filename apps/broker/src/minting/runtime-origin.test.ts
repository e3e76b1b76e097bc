/** The origin the CSP lets the browser connect to is the one the presigned URLs point at. */
import { describe, expect, it } from "vitest";
import { runtimeOrigin } from "./minter.ts";

describe("runtimeOrigin", () => {
  it("is the regional AWS endpoint in aws mode, with China's own DNS suffix", () => {
    expect(runtimeOrigin("aws", "us-west-2")).toBe("wss://bedrock-agentcore.us-west-2.amazonaws.com");
    expect(runtimeOrigin("aws", "cn-north-1")).toBe("wss://bedrock-agentcore.cn-north-1.amazonaws.com.cn");
  });

  it("follows a local endpoint's scheme and port", () => {
    expect(runtimeOrigin("http://127.0.0.1:8790", "us-east-1")).toBe("ws://127.0.0.1:8790");
  });
});
