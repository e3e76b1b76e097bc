/**
 * The `fetch` the Streamable HTTP transport is given: adds the server's credentials to every request (a
 * bearer token, or a SigV4 signature over the whole request) and, for bearer tokens, on a 401 drops the
 * token and retries once with a new one. The MCP transport only sends string bodies (JSON-RPC), which is what
 * makes signing and replaying possible; anything else is refused.
 */
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { McpAuthError } from "../errors.ts";
import type { TokenSource } from "./oauth-token-source.ts";
import type { RequestSigner } from "./sigv4-signer.ts";

export type RequestAuthorizer =
  | { kind: "bearer"; tokens: TokenSource }
  | { kind: "sigv4"; sign: RequestSigner };

function bodyText(body: RequestInit["body"]): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  throw new McpAuthError("only string request bodies can be authorised");
}

export function createAuthorizedFetch(authorizer: RequestAuthorizer, base: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    const url = new URL(input);
    const method = init?.method ?? "GET";
    const body = bodyText(init?.body);
    if (authorizer.kind === "sigv4") {
      const headers = await authorizer.sign(url, method, new Headers(init?.headers), body);
      return base(url, { ...init, headers });
    }
    const send = async (token: string) => {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${token}`);
      return base(url, { ...init, headers });
    };
    const token = await authorizer.tokens.token();
    const first = await send(token);
    if (first.status !== 401) return first;
    await first.body?.cancel();
    authorizer.tokens.invalidate(token);
    return send(await authorizer.tokens.token());
  };
}
