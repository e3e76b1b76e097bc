/**
 * A WebSocket client written on a bare TCP socket, for what ws will not send: a frame header that announces
 * more payload than is ever written. It does the upgrade handshake, writes raw bytes, and reads the server's
 * (unmasked) frames, so a test sees exactly when the server gives up on a frame.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export class RawWebSocket {
  private buffer = Buffer.alloc(0);
  readonly frames: ServerFrame[] = [];
  ended = false;

  private constructor(readonly socket: Socket) {}

  /** Connects to a ws:// URL and completes the handshake (throws unless the answer is 101). */
  static async open(url: string): Promise<RawWebSocket> {
    const target = new URL(url);
    const socket = connect(Number(target.port), target.hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    const raw = new RawWebSocket(socket);
    socket.write(
      [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
        "Sec-WebSocket-Version: 13",
        "",
        "",
      ].join("\r\n"),
    );
    await new Promise<void>((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        socket.off("data", onData);
        const status = head.subarray(0, end).toString("latin1").split("\r\n")[0] ?? "";
        if (!status.includes(" 101 ")) return reject(new Error(`upgrade refused: ${status}`));
        raw.take(head.subarray(end + 4));
        socket.on("data", (more: Buffer) => raw.take(more));
        resolve();
      };
      socket.on("data", onData);
    });
    socket.on("end", () => {
      raw.ended = true;
    });
    socket.on("close", () => {
      raw.ended = true;
    });
    socket.on("error", () => {});
    return raw;
  }

  /** A masked client frame header announcing `length` payload bytes (the payload is written separately). */
  static frameHeader(opcode: number, length: number): Buffer {
    const head = Buffer.alloc(14);
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
    randomBytes(4).copy(head, 10);
    return head;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The code of the server's close frame, once one arrived. */
  get closeCode(): number | undefined {
    const close = this.frames.find((f) => f.opcode === 0x8);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private take(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const first = this.buffer[0] ?? 0;
      const short = (this.buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      let length = short;
      if (short === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (short === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      this.frames.push({ opcode: first & 0x0f, payload: this.buffer.subarray(offset, offset + length) });
      this.buffer = this.buffer.subarray(offset + length);
    }
  }
}
