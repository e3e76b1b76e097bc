/**
 * Learns an agent's protocol level from a fresh connection, for agents registered as `detect`: opens a socket,
 * sends nothing, and reads the first frame with the protocol's `detectProtocolLevel`. A full agent greets at
 * once with its `session` hello; a basic agent says nothing until it is prompted, so silence past
 * `LEVEL_DETECTION_TIMEOUT_MS` means "not full" (the basic session then checks the first reply). The socket
 * is closed once the outcome is known: the chosen session connects on a URL of its own.
 */
import { detectProtocolLevel, LEVEL_DETECTION_TIMEOUT_MS, type ProtocolLevel } from "@interject/protocol";
import type { WebSocketConstructor } from "./socket.ts";

export type ProbeOutcome =
  | { kind: "detected"; level: ProtocolLevel }
  /** Nothing within the timeout: not a full agent. */
  | { kind: "silent" }
  /** The first frame fits neither level. */
  | { kind: "unknown"; reason: string }
  /** The socket did not open, or closed before saying anything, or took too long to open. */
  | { kind: "failed"; code: number };

export interface LevelProbe {
  outcome: Promise<ProbeOutcome>;
  /** Closes the socket now; the outcome becomes `failed` unless it was known already. */
  cancel(): void;
}

/** The little of the WebSocket API the probe uses, common to the browser's and the `ws` package's. */
interface ProbeSocket {
  binaryType: string;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: ProbeEvent) => void): void;
  close(code?: number, reason?: string): void;
}

interface ProbeEvent {
  data?: unknown;
  code?: number;
}

export function probeProtocolLevel(
  url: string,
  options: { WebSocket?: WebSocketConstructor; connectionTimeoutMs: number },
): LevelProbe {
  const Socket = (options.WebSocket ?? globalThis.WebSocket) as unknown as new (url: string) => ProbeSocket;
  const socket = new Socket(url);
  socket.binaryType = "arraybuffer";
  let settle: (outcome: ProbeOutcome) => void = () => {};
  const outcome = new Promise<ProbeOutcome>((resolve) => {
    settle = resolve;
  });
  let done = false;
  let openedAt = 0;
  let timer = setTimeout(() => finish({ kind: "failed", code: 1006 }), options.connectionTimeoutMs);

  function finish(result: ProbeOutcome): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    settle(result);
    socket.close(1000, "level probed");
  }

  /** Silence so far: decide, or look again when the timeout has passed. */
  function listen(): void {
    const detection = detectProtocolLevel({
      firstFrame: null,
      elapsedMs: Date.now() - openedAt,
      prompted: false,
    });
    if (detection.kind === "prompt") finish({ kind: "silent" });
    else timer = setTimeout(listen, Math.max(1, openedAt + LEVEL_DETECTION_TIMEOUT_MS - Date.now()));
  }

  socket.addEventListener("open", () => {
    openedAt = Date.now();
    clearTimeout(timer);
    listen();
  });
  socket.addEventListener("message", (event) => {
    const data = event.data;
    const firstFrame =
      typeof data === "string" || data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data : null;
    const detection = detectProtocolLevel({ firstFrame, elapsedMs: Date.now() - openedAt, prompted: false });
    if (detection.kind === "detected") finish({ kind: "detected", level: detection.level });
    else if (detection.kind === "unknown") finish({ kind: "unknown", reason: detection.reason });
    else finish({ kind: "unknown", reason: "the first frame could not be read" });
  });
  socket.addEventListener("close", (event) => finish({ kind: "failed", code: event.code ?? 1006 }));
  socket.addEventListener("error", () => finish({ kind: "failed", code: 1006 }));
  return { outcome, cancel: () => finish({ kind: "failed", code: 1000 }) };
}
