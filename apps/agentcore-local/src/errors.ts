/**
 * The one typed error of the data plane, mapped once to an AWS-style answer: HTTP status, x-amzn-ErrorType
 * header and a JSON body { "message" } (plus our typed reason), on a normal response or on a raw socket
 * during a refused WebSocket upgrade (so no socket is ever opened on failure).
 */
import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

export class DataPlaneError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

function body(err: DataPlaneError): string {
  return JSON.stringify({ message: err.message, ...(err.reason ? { reason: err.reason } : {}) });
}

function headers(err: DataPlaneError, requestId: string, length: number): Record<string, string> {
  return {
    "content-type": "application/json",
    "content-length": String(length),
    "x-amzn-errortype": err.code,
    "x-amzn-requestid": requestId,
    ...(err.status === 401 ? { "www-authenticate": 'Bearer realm="agentcore-local"' } : {}),
  };
}

export function writeHttpError(res: ServerResponse, err: DataPlaneError, requestId: string): void {
  const text = body(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(err.status, headers(err, requestId, Buffer.byteLength(text)));
  res.end(text);
}

export function writeSocketError(socket: Duplex, err: DataPlaneError, requestId: string): void {
  const text = body(err);
  const lines = Object.entries({
    ...headers(err, requestId, Buffer.byteLength(text)),
    connection: "close",
  }).map(([k, v]) => `${k}: ${v}`);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ""}\r\n${lines.join("\r\n")}\r\n\r\n`;
  socket.end(head + text, () => socket.destroy());
}

export const notFound = () => new DataPlaneError(404, "UnknownOperationException", "Not Found");
