/**
 * A small but real agent-protocol server for the integration tests (not a mock of the client): a `ws`
 * server on port 0 that mints single-use URLs (a reused or unknown token gets HTTP 403 at the upgrade, as
 * an expired presigned URL would), sends the `session` hello, attaches a socket to the live stream only
 * after its first inbound message, replays after `resume`, streams answers chunk by chunk, interrupts on
 * `interrupt` or a new prompt, and answers pings. It can drop or close every socket, or go silent, on demand.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type AgentMessage, parseClientMessage, type StreamMessage } from "@interject/protocol";
import { WebSocket, WebSocketServer } from "ws";

export interface AgentTestServerOptions {
  /** The answer every prompt gets, sent in `chunkSize` pieces every `chunkIntervalMs`. */
  answer: string;
  chunkSize?: number;
  chunkIntervalMs?: number;
}

interface Client {
  socket: WebSocket;
  attached: boolean;
}

export class AgentTestServer {
  readonly sessionId = `test-session-${randomUUID()}`;
  readonly events: StreamMessage[] = [];
  /** Every token presented at an upgrade, accepted or not. */
  readonly presentedTokens: string[] = [];
  private readonly validTokens = new Set<string>();
  private readonly clients = new Set<Client>();
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private seq = 0;
  private silent = false;
  private streaming: { turnId: string; sent: string; timer: ReturnType<typeof setInterval> } | null = null;
  private port = 0;

  constructor(private readonly options: AgentTestServerOptions) {
    this.http = createServer((_req, res) => res.writeHead(404).end());
    this.http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  /** A fresh single-use URL, as the broker would mint one. */
  mintUrl(): string {
    const token = randomUUID();
    this.validTokens.add(token);
    return `ws://127.0.0.1:${this.port}/ws?token=${token}`;
  }

  /** A URL the server refuses (an expired or tampered one). */
  refusedUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws?token=expired`;
  }

  /** Cuts every connection without a close handshake, like a network drop or a server restart. */
  dropAll(): void {
    for (const client of this.clients) client.socket.terminate();
  }

  /** Closes every connection with a close frame, as the runtime does when a runtime session is stopped. */
  closeAll(code: number, reason: string): void {
    for (const client of this.clients) client.socket.close(code, reason);
  }

  /** Stops sending anything (pongs included) while keeping sockets open: a dead but unclosed connection. */
  goSilent(): void {
    this.silent = true;
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    if (this.streaming) clearInterval(this.streaming.timer);
    for (const client of this.clients) client.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("token") ?? "";
    this.presentedTokens.push(token);
    if (!this.validTokens.delete(token)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    if (this.silent) this.silent = false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, attached: false };
    this.clients.add(client);
    socket.on("close", () => this.clients.delete(client));
    socket.on("message", (data) => this.receive(client, String(data)));
    this.send(client, {
      type: "session",
      seq: this.seq,
      sessionId: this.sessionId,
      protocolVersion: 1,
      resumed: this.seq > 0,
      lastSeq: this.seq,
      traceLevel: "full",
      activeTurnId: this.streaming?.turnId ?? null,
    });
  }

  private receive(client: Client, text: string): void {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) return;
    const message = parsed.value;
    if (!client.attached) {
      client.attached = true;
      if (message.type === "resume") {
        for (const event of this.events) if (event.seq > message.afterSeq) this.send(client, event);
        return;
      }
    }
    switch (message.type) {
      case "ping":
        this.send(client, {
          type: "pong",
          seq: this.seq,
          at: Date.now(),
          ...(message.nonce ? { nonce: message.nonce } : {}),
        });
        return;
      case "prompt":
        if (this.streaming) this.stop("new_prompt");
        this.startTurn(message.id, message.text);
        return;
      case "interrupt":
        if (this.streaming) this.stop("user");
        return;
      default:
        return;
    }
  }

  private startTurn(promptId: string, prompt: string): void {
    const turnId = randomUUID();
    this.emit({ type: "turn", seq: 0, turnId, promptId, prompt, at: Date.now() });
    this.emit({
      type: "trace",
      seq: 0,
      turnId,
      trace: { kind: "milestone", at: Date.now(), text: "Answering" },
    });
    const size = this.options.chunkSize ?? 5;
    const streaming = {
      turnId,
      sent: "",
      timer: setInterval(() => this.step(size), this.options.chunkIntervalMs ?? 5),
    };
    this.streaming = streaming;
  }

  private step(size: number): void {
    const streaming = this.streaming;
    if (!streaming) return;
    const data = this.options.answer.slice(streaming.sent.length, streaming.sent.length + size);
    if (data === "") {
      clearInterval(streaming.timer);
      this.streaming = null;
      this.emit({ type: "complete", seq: 0, turnId: streaming.turnId, fullResponse: streaming.sent });
      return;
    }
    streaming.sent += data;
    this.emit({ type: "chunk", seq: 0, turnId: streaming.turnId, data });
  }

  private stop(reason: "user" | "new_prompt"): void {
    const streaming = this.streaming;
    if (!streaming) return;
    clearInterval(streaming.timer);
    this.streaming = null;
    this.emit({
      type: "interrupted",
      seq: 0,
      turnId: streaming.turnId,
      partialResponse: streaming.sent,
      reason,
    });
  }

  /** Appends to the event log with the next seq and sends to every attached socket. */
  private emit(event: StreamMessage): void {
    this.seq += 1;
    const sequenced = { ...event, seq: this.seq } as StreamMessage;
    this.events.push(sequenced);
    for (const client of this.clients) if (client.attached) this.send(client, sequenced);
  }

  private send(client: Client, message: AgentMessage): void {
    if (this.silent || client.socket.readyState !== WebSocket.OPEN) return;
    client.socket.send(JSON.stringify(message));
  }
}
