/**
 * The articles' `websocket_handler` (seed 002), frame for frame. Each `inputText` starts an answer that streams
 * `{"type":"chunk","data"}` frames and ends with `{"type":"complete","fullResponse"}`; a new `inputText`
 * mid-answer cancels it first, which sends `{"type":"interrupted","partialResponse"}`. A message without a
 * truthy `inputText` gets `{"error": "inputText が見つかりません"}` ("inputText not found") and the loop goes on.
 * Anything that raises in the Python receive loop (not JSON, not an object, a binary frame, which Starlette's
 * `receive_text` cannot read) sends `{"error": str(e)}` and ends the loop: the running answer is cancelled (so
 * `interrupted` follows), and nothing on that socket is answered again, while the socket itself stays open,
 * as uvicorn leaves it when a handler returns without closing.
 */
import type { RawData, WebSocket } from "ws";
import { streamAnswer } from "./offline-model.ts";

const MISSING_INPUT = "inputText が見つかりません";

/** One streaming answer: the Python `stream_response` task. */
class Answer {
  private text = "";
  private ended = false;
  private readonly controller = new AbortController();

  constructor(
    private readonly send: (frame: object) => void,
    prompt: string,
    delayMs: number,
  ) {
    void this.run(prompt, delayMs);
  }

  get running(): boolean {
    return !this.ended;
  }

  private async run(prompt: string, delayMs: number): Promise<void> {
    for await (const chunk of streamAnswer(prompt, this.controller.signal, delayMs)) {
      if (this.ended) return;
      this.text += chunk;
      this.send({ type: "chunk", data: chunk });
    }
    if (this.ended) return;
    this.ended = true;
    this.send({ type: "complete", fullResponse: this.text });
  }

  /** `current_task.cancel()`: the task's CancelledError handler reports the answer so far. */
  cancel(): void {
    if (this.ended) return;
    this.ended = true;
    this.controller.abort();
    this.send({ type: "interrupted", partialResponse: this.text });
  }
}

/** Python's truthiness for a JSON value: `if not user_message` lets "", 0, false, null, [] and {} through. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** The Python type name in `'list' object has no attribute 'get'`. */
function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

class ReceiveLoopError extends Error {}

/** `data = json.loads(raw_data); user_message = data.get("inputText", "")`, raising where Python raises. */
function readInput(data: RawData, isBinary: boolean): unknown {
  // Starlette's receive_text() reads message["text"]; a binary message has only "bytes": KeyError('text').
  if (isBinary) throw new ReceiveLoopError("'text'");
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch (error) {
    throw new ReceiveLoopError((error as Error).message);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ReceiveLoopError(`'${pythonType(value)}' object has no attribute 'get'`);
  }
  return (value as { inputText?: unknown }).inputText;
}

export function handleWebSocket(ws: WebSocket, delayMs: number): void {
  let current: Answer | null = null;
  let receiving = true;
  const send = (frame: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  ws.on("message", (data: RawData, isBinary: boolean) => {
    if (!receiving) return;
    let input: unknown;
    try {
      input = readInput(data, isBinary);
    } catch (error) {
      if (!(error instanceof ReceiveLoopError)) throw error;
      // `except Exception as e: send_json({"error": str(e)})`, then `finally` cancels the running answer.
      receiving = false;
      send({ error: error.message });
      current?.cancel();
      return;
    }
    if (!truthy(input)) {
      send({ error: MISSING_INPUT });
      return;
    }
    current?.cancel();
    // Strands takes a string prompt; anything else makes the new task fail before it sends a frame.
    current = typeof input === "string" ? new Answer(send, input, delayMs) : null;
  });

  ws.on("close", () => {
    receiving = false;
    current?.cancel(); // the socket is gone: the interrupted frame cannot be sent, as in Python
  });
}
