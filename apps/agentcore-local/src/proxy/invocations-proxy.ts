/**
 * Streams an authenticated POST /invocations to the agent and the agent's answer back, chunk by chunk. Resolves
 * when the answer is complete or the client's response closed early (the agent's request is then cut).
 */
import { type IncomingMessage, request, type ServerResponse } from "node:http";
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4";
import { DataPlaneError } from "../errors.ts";

const PASS_REQUEST = ["content-type", "accept"];
const DROP_RESPONSE = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

export function proxyInvocation(
  res: ServerResponse,
  target: string,
  query: string,
  body: Uint8Array,
  clientHeaders: IncomingMessage["headers"],
  forwarded: Record<string, string>,
  sessionId: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...forwarded, "content-length": String(body.byteLength) };
    for (const name of PASS_REQUEST) {
      const v = clientHeaders[name];
      if (typeof v === "string") headers[name] = v;
    }
    const upstream = request(`${target}/invocations?${query}`, { method: "POST", headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(answer.headers))
        if (v !== undefined && !DROP_RESPONSE.has(k)) out[k] = v;
      out[SESSION_ID_PARAM.toLowerCase()] = sessionId;
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.once("end", resolve);
      answer.once("error", reject);
    });
    upstream.once("error", () =>
      reject(
        new DataPlaneError(424, "RuntimeClientError", "The agent is not reachable", "agent-unreachable"),
      ),
    );
    res.once("close", () => {
      if (res.writableFinished) return;
      // The client went away, or StopRuntimeSession cut the response: stop the agent's side too.
      upstream.destroy();
      resolve();
    });
    upstream.end(body);
  });
}

export function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(
          new DataPlaneError(
            413,
            "ValidationException",
            `The payload is larger than ${max} bytes`,
            "payload-too-large",
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
