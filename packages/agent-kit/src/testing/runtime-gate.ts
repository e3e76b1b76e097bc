/**
 * Test support: a gate in front of a real agent (a kit agent, or any agent on a port) that plays the AgentCore
 * runtime's part for a client. It mints single-use connection URLs (a reused or unknown one gets HTTP 403 at
 * the upgrade, as an expired presigned URL would), relays the upgrade byte for byte to the agent with any
 * headers the runtime would add (the session id), and can cut every connection (a network drop), go silent on
 * the open ones (dead but unclosed), or hold back what the agent sends after the handshake (slow to greet).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";

export interface RuntimeGateOptions {
  /** The agent's port on 127.0.0.1; the request's path and query (less the gate's token) pass unchanged. */
  upstreamPort: number;
  /** Holds the agent's bytes after the handshake for this long on each connection (default 0: none). */
  holdAfterHandshakeMs?: number;
  /** Headers added to every forwarded upgrade, replacing any the client sent under the same name. */
  headers?: Readonly<Record<string, string>>;
}

/** The query parameter that carries a minted URL's single-use token; the agent never sees it. */
const TOKEN_PARAM = "token";
const HANDSHAKE_END = Buffer.from("\r\n\r\n");

interface Pair {
  client: Duplex;
  upstream: Socket;
  /** Set by `goSilent`: nothing more from the agent reaches the client, held bytes included. */
  silent: boolean;
}

export class RuntimeGate {
  /** Every token presented at an upgrade, accepted or not. */
  readonly presentedTokens: string[] = [];
  private readonly validTokens = new Set<string>();
  private readonly pairs = new Set<Pair>();
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly options: RuntimeGateOptions) {
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.forward(req, socket, head),
    );
  }

  static async start(options: RuntimeGateOptions): Promise<RuntimeGate> {
    const gate = new RuntimeGate(options);
    await new Promise<void>((resolve) => gate.server.listen(0, "127.0.0.1", resolve));
    gate.port = (gate.server.address() as AddressInfo).port;
    return gate;
  }

  /** A fresh single-use URL for the agent's `/ws`, as the broker would mint one (`query` reaches the agent). */
  mintUrl(query = ""): string {
    const token = randomUUID();
    this.validTokens.add(token);
    return `ws://127.0.0.1:${this.port}/ws?${TOKEN_PARAM}=${token}${query ? `&${query}` : ""}`;
  }

  /** A URL the gate refuses (an expired or tampered one); its token is presented as `expired`. */
  refusedUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws?${TOKEN_PARAM}=expired`;
  }

  get connectionCount(): number {
    return this.pairs.size;
  }

  /** Cuts every connection without a close handshake, like a network drop. */
  dropAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** Forwards nothing more from the agent on the open connections (pongs included): dead but unclosed. */
  goSilent(): void {
    for (const pair of this.pairs) {
      pair.silent = true;
      pair.upstream.unpipe(pair.client);
      pair.upstream.pause();
    }
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://gate.invalid");
    const token = url.searchParams.get(TOKEN_PARAM) ?? "";
    this.presentedTokens.push(token);
    if (!this.validTokens.delete(token)) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    url.searchParams.delete(TOKEN_PARAM);
    const upstream = net.connect(this.options.upstreamPort, "127.0.0.1");
    const pair: Pair = { client, upstream, silent: false };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    client.on("close", end);
    upstream.on("error", end);
    upstream.on("close", end);
    upstream.on("connect", () => {
      upstream.write(this.upgradeRequest(req, `${url.pathname}${url.search}`));
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      this.relayToClient(pair);
    });
  }

  /** The client's upgrade request for `target`, its headers as sent but for the ones the gate sets. */
  private upgradeRequest(req: IncomingMessage, target: string): string {
    const added = Object.entries(this.options.headers ?? {});
    const replaced = new Set(added.map(([name]) => name.toLowerCase()));
    const lines = [`GET ${target} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? "";
      if (!replaced.has(name.toLowerCase())) lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ""}`);
    }
    for (const [name, value] of added) lines.push(`${name}: ${value}`);
    return `${lines.join("\r\n")}\r\n\r\n`;
  }

  /** The agent's bytes to the client: the handshake at once, the rest after `holdAfterHandshakeMs`. */
  private relayToClient(pair: Pair): void {
    const { client, upstream } = pair;
    const hold = this.options.holdAfterHandshakeMs ?? 0;
    if (hold === 0) {
      upstream.pipe(client);
      return;
    }
    let seen = Buffer.alloc(0);
    const held: Buffer[] = [];
    let holding = false;
    const onData = (data: Buffer) => {
      if (holding) {
        held.push(data);
        return;
      }
      seen = Buffer.concat([seen, data]);
      const end = seen.indexOf(HANDSHAKE_END);
      if (end === -1) return;
      client.write(seen.subarray(0, end + HANDSHAKE_END.length));
      held.push(seen.subarray(end + HANDSHAKE_END.length));
      holding = true;
      setTimeout(() => {
        upstream.off("data", onData);
        if (pair.silent) return;
        for (const part of held) client.write(part);
        upstream.pipe(client);
      }, hold);
    };
    upstream.on("data", onData);
  }
}
