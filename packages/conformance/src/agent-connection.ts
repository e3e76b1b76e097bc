/**
 * One WebSocket connection to the agent under test, as the checks need it: frames read in order with a
 * timeout each, text and binary frames sent, WebSocket pings answered or not, the close code seen. Every
 * inbound frame also goes to the run's frame log. Uses `ws` (Node's built-in WebSocket cannot set headers,
 * send pings or report pongs).
 */
import WebSocket, { type RawData } from "ws";
import { ConnectError, SocketClosed, WaitTimeout } from "./errors.ts";
import type { FrameLog, ReceivedFrame } from "./frame-log.ts";

export interface ConnectionRequest {
  url: string;
  headers: Record<string, string>;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  log: FrameLog;
  /** The running check, recorded with each frame. */
  check: string;
  timeoutMs: number;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export class AgentConnection {
  private readonly frames: ReceivedFrame[] = [];
  private read = 0;
  private closeInfo: CloseInfo | null = null;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly ws: WebSocket,
    readonly id: number,
    options: ConnectOptions,
  ) {
    ws.on("message", (data: RawData, isBinary: boolean) => {
      const buffer = toBuffer(data);
      const frame: ReceivedFrame = {
        connection: id,
        binary: isBinary,
        text: buffer.toString(isBinary ? "latin1" : "utf8"),
        bytes: buffer.length,
        check: options.check,
      };
      this.frames.push(frame);
      options.log.add(frame);
      this.notify();
    });
    ws.on("close", (code: number, reason: Buffer) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.notify();
    });
    ws.on("error", () => {
      // The close event follows with code 1006; the error itself adds nothing a check can use.
    });
  }

  /** Opens a connection; fails with ConnectError naming the HTTP status when the handshake is refused. */
  static open(request: ConnectionRequest, options: ConnectOptions): Promise<AgentConnection> {
    const ws = new WebSocket(request.url, { headers: request.headers, handshakeTimeout: options.timeoutMs });
    const connection = new AgentConnection(ws, options.log.nextConnectionId(), options);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(connection));
      ws.once("unexpected-response", (req, res) => {
        req.destroy();
        reject(
          new ConnectError(`the handshake was refused with HTTP ${res.statusCode}`, res.statusCode ?? null),
        );
      });
      ws.once("error", (error: Error) => reject(new ConnectError(`could not connect: ${error.message}`)));
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The close code and reason once the socket has closed. */
  get closed(): CloseInfo | null {
    return this.closeInfo;
  }

  /** Every frame received so far on this connection. */
  get received(): readonly ReceivedFrame[] {
    return this.frames;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Waits for the next unread frame. Throws WaitTimeout, or SocketClosed once the socket closed. */
  async next(timeoutMs: number, what: string): Promise<ReceivedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.frames[this.read];
      if (frame) {
        this.read += 1;
        return frame;
      }
      if (this.closeInfo) throw new SocketClosed(what, this.closeInfo.code, this.closeInfo.reason);
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeout(what, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** The next frame, or null when none arrives within `ms` (or the socket closes). */
  async nextOrNull(ms: number, what: string): Promise<ReceivedFrame | null> {
    try {
      return await this.next(ms, what);
    } catch (error) {
      if (error instanceof WaitTimeout || error instanceof SocketClosed) return null;
      throw error;
    }
  }

  /** Waits until the socket closes; throws WaitTimeout if it stays open. */
  async waitClosed(timeoutMs: number, what: string): Promise<CloseInfo> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closeInfo) {
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeout(what, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.closeInfo;
  }

  sendJson(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  sendText(text: string): void {
    this.ws.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    this.ws.send(bytes, { binary: true });
  }

  /** Sends a WebSocket ping control frame and waits for the pong that echoes its payload. */
  ping(payload: string, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.ws.off("pong", onPong);
        resolve(false);
      }, timeoutMs);
      const onPong = (data: Buffer) => {
        if (data.toString() !== payload) return;
        clearTimeout(timer);
        this.ws.off("pong", onPong);
        resolve(true);
      };
      this.ws.on("pong", onPong);
      this.ws.ping(payload);
    });
  }

  /** Closes the socket (normal closure) without waiting. */
  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) {
      this.ws.close(1000, "conformance check done");
    }
  }

  /** Drops the TCP connection at once, as a network failure would. */
  terminate(): void {
    this.ws.terminate();
  }
}
