/**
 * Test support: a gate in front of a real agent that plays the runtime's part for a client: it admits each
 * connection URL once (a reused or unknown one gets HTTP 403 at the upgrade, as an expired presigned URL
 * would), relays the connection byte for byte to the agent, and can cut every connection (a network drop) or
 * hold back what the agent sends after the handshake for a while (an agent slow to say anything).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import type { Duplex } from "node:stream";

export interface SocketGateOptions {
  /** Where the agent listens: its host and port; the request's path and query pass unchanged. */
  upstreamPort: number;
  /** Holds the agent's bytes after the handshake for this long on each connection. */
  holdAfterHandshakeMs?: number;
}

const HANDSHAKE_END = Buffer.from("\r\n\r\n");

export class SocketGate {
  /** Every token presented at an upgrade, accepted or not. */
  readonly presentedTokens: string[] = [];
  private readonly validTokens = new Set<string>();
  private readonly pairs = new Set<{ client: Duplex; upstream: Socket }>();
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly options: SocketGateOptions) {
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.forward(req, socket, head),
    );
  }

  static async start(options: SocketGateOptions): Promise<SocketGate> {
    const gate = new SocketGate(options);
    await new Promise<void>((resolve) => gate.server.listen(0, "127.0.0.1", resolve));
    gate.port = (gate.server.address() as AddressInfo).port;
    return gate;
  }

  /** A fresh single-use URL for the agent's `/ws` (`query` is passed on to the agent). */
  mintUrl(query = ""): string {
    const token = randomUUID();
    this.validTokens.add(token);
    return `ws://127.0.0.1:${this.port}/ws?gate=${token}${query ? `&${query}` : ""}`;
  }

  get connectionCount(): number {
    return this.pairs.size;
  }

  /** Cuts every connection without a close handshake. */
  dropAll(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://gate.invalid");
    const token = url.searchParams.get("gate") ?? "";
    this.presentedTokens.push(token);
    if (!this.validTokens.delete(token)) {
      client.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    url.searchParams.delete("gate");
    const upstream = net.connect(this.options.upstreamPort, "127.0.0.1");
    const pair = { client, upstream };
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
      const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i] ?? ""}: ${req.rawHeaders[i + 1] ?? ""}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      this.relayToClient(upstream, client);
    });
  }

  /** The agent's bytes to the client: the handshake at once, the rest after `holdAfterHandshakeMs`. */
  private relayToClient(upstream: Socket, client: Duplex): void {
    const hold = this.options.holdAfterHandshakeMs ?? 0;
    if (hold === 0) {
      upstream.pipe(client);
      return;
    }
    let seen = Buffer.alloc(0);
    const held: Buffer[] = [];
    let releaseAt: number | null = null;
    const onData = (data: Buffer) => {
      if (releaseAt !== null) {
        held.push(data);
        return;
      }
      seen = Buffer.concat([seen, data]);
      const end = seen.indexOf(HANDSHAKE_END);
      if (end === -1) return;
      client.write(seen.subarray(0, end + HANDSHAKE_END.length));
      held.push(seen.subarray(end + HANDSHAKE_END.length));
      releaseAt = Date.now() + hold;
      setTimeout(() => {
        upstream.off("data", onData);
        for (const part of held) client.write(part);
        upstream.pipe(client);
      }, hold);
    };
    upstream.on("data", onData);
  }
}
