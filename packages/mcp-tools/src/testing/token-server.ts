/**
 * A real OAuth authorization server for the client-credentials tests: `oidc-provider` on a free port, with a
 * client for the agent (client_secret_basic), a client for the resource server (the proxy in front of the MCP
 * server, which introspects tokens), revocation, and a short token lifetime so refreshing can be seen.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export const AGENT_CLIENT = { id: "interject-agent", secret: "agent-client-secret-for-tests-0123456789" };
const RESOURCE_CLIENT = { id: "mcp-resource-server", secret: "resource-server-secret-for-tests-9876543210" };

export interface TokenServer {
  issuer: string;
  tokenUrl: string;
  /** Tokens issued so far. */
  issued(): number;
  /** Whether the resource server may accept this bearer token (RFC 7662 introspection). */
  introspect(token: string): Promise<boolean>;
  /** Revokes a token as its client would (RFC 7009). */
  revoke(token: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTokenServer(tokenLifetimeSeconds: number): Promise<TokenServer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: AGENT_CLIENT.id,
        client_secret: AGENT_CLIENT.secret,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
      },
      {
        client_id: RESOURCE_CLIENT.id,
        client_secret: RESOURCE_CLIENT.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    ttl: { ClientCredentials: tokenLifetimeSeconds },
  });
  let issued = 0;
  provider.on("grant.success", () => {
    issued++;
  });
  server.on("request", provider.callback());
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    string
  >;
  const basic = (client: { id: string; secret: string }) =>
    `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`;
  const post = (url: string | undefined, client: { id: string; secret: string }, token: string) =>
    fetch(url ?? "", {
      method: "POST",
      headers: { authorization: basic(client), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }),
    });
  return {
    issuer,
    tokenUrl: discovery.token_endpoint ?? `${issuer}/token`,
    issued: () => issued,
    introspect: async (token) => {
      const res = await post(discovery.introspection_endpoint, RESOURCE_CLIENT, token);
      return ((await res.json()) as { active?: boolean }).active === true;
    },
    revoke: async (token) => {
      const res = await post(discovery.revocation_endpoint, AGENT_CLIENT, token);
      if (!res.ok) throw new Error(`revocation failed: ${res.status}`);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
