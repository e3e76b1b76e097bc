/**
 * The minimal socket the session logic needs, so it can be driven in unit tests without a browser or a
 * network; and the production implementation on partysocket's ReconnectingWebSocket, which owns the
 * socket lifecycle (reconnect on close, connect timeout) and calls our async URL provider before every
 * attempt. The back-off itself lives in the URL provider (see chat-session.ts), so partysocket's own delay
 * is set to zero and its send buffer to nothing: the session keeps its own outbox so `resume` always goes
 * first on a new connection.
 */
import ReconnectingWebSocket from "partysocket/ws";

/**
 * The code a client closes with when it drops a connection to open another (resync, a silent connection):
 * a normal closure. Never 4000: the runtime closes the agent's socket with that code to say StopRuntimeSession
 * ended the session (SESSION_STOPPED_CLOSE_CODE), and a client's 4000 would reach the agent as that word.
 */
export const RECONNECT_CLOSE_CODE = 1000;

export interface SocketCloseInfo {
  code: number;
  reason: string;
}

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(info: SocketCloseInfo): void;
}

export interface ManagedSocket {
  /** Sends on the open connection; the caller only sends while open. */
  send(data: string): void;
  /** Closes for good: no further reconnects. */
  close(code?: number, reason?: string): void;
  /** Drops the current connection and starts a new attempt (through the URL provider). */
  reconnect(code?: number, reason?: string): void;
}

export interface SocketFactoryOptions {
  /** Called before every connection attempt; resolves to the URL to open (or rejects to try again). */
  url: () => Promise<string>;
  handlers: SocketHandlers;
  connectionTimeoutMs: number;
}

export type SocketFactory = (options: SocketFactoryOptions) => ManagedSocket;

/** A WebSocket constructor (the browser's, Node's global one, or the `ws` package's). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

export function partySocketFactory(WebSocketImpl?: WebSocketConstructor): SocketFactory {
  return ({ url, handlers, connectionTimeoutMs }) => {
    const socket = new ReconnectingWebSocket(url, undefined, {
      ...(WebSocketImpl ? { WebSocket: WebSocketImpl } : {}),
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      maxEnqueuedMessages: 0,
      connectionTimeout: connectionTimeoutMs,
    });
    socket.addEventListener("open", () => handlers.open());
    socket.addEventListener("message", (event) => handlers.message(event.data));
    socket.addEventListener("close", (event) => handlers.close({ code: event.code, reason: event.reason }));
    return {
      send: (data) => {
        socket.send(data);
      },
      close: (code, reason) => socket.close(code, reason),
      reconnect: (code, reason) => socket.reconnect(code, reason),
    };
  };
}
