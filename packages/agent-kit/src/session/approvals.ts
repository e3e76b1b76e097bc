/**
 * A turn's pending approvals: each `approval_request` with its deadline, settled by the user's answer, by
 * the deadline (`expired`) or by the turn's interruption (`cancelled`), each decision traced.
 */
import type { Trace } from "@interject/protocol";
import { type ApprovalDecision, toJson, type UnsequencedStreamMessage } from "./turn-io.ts";

interface Pending {
  requestId: string;
  tool: string;
  resolve: (decision: ApprovalDecision) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface ApprovalDeps {
  turnId: string;
  timeoutMs: number;
  now: () => number;
  newId: () => string;
  emit: (message: UnsequencedStreamMessage) => void;
  /** Whether the turn still runs (decisions after it ended are not traced). */
  live: () => boolean;
}

export class Approvals {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: ApprovalDeps) {}

  get size(): number {
    return this.pending.size;
  }

  request(tool: string, summary: string, input: unknown): Promise<ApprovalDecision> {
    const { turnId, timeoutMs, now, newId, emit } = this.deps;
    const requestId = newId();
    const deadline = now() + timeoutMs;
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const settle = (decision: ApprovalDecision) => {
        const pending = this.pending.get(requestId);
        if (!pending) return;
        clearTimeout(pending.timer);
        this.pending.delete(requestId);
        if (this.deps.live()) {
          emit({ type: "trace", turnId, trace: { kind: "approval", at: now(), requestId, tool, decision } });
        }
        resolve(decision);
      };
      const timer = setTimeout(() => settle("expired"), timeoutMs);
      timer.unref();
      this.pending.set(requestId, { requestId, tool, resolve: settle, reject, timer });
      emit({
        type: "approval_request",
        turnId,
        requestId,
        tool,
        summary: summary.slice(0, 500),
        input: toJson(input),
        deadline,
      });
      emit({
        type: "trace",
        turnId,
        trace: { kind: "approval", at: now(), requestId, tool, decision: "requested" },
      });
    });
  }

  /** The user's answer; false when no such request waits. */
  answer(requestId: string, decision: "approve" | "deny"): boolean {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    pending.resolve(decision === "approve" ? "approved" : "denied");
    return true;
  }

  /** Stops the deadlines (the turn ended). */
  clearTimers(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
  }

  /** The turn was interrupted: each waiting request is traced as cancelled and its promise rejected. */
  cancelAll(at: number, trace: (trace: Trace) => void): void {
    for (const pending of [...this.pending.values()]) {
      clearTimeout(pending.timer);
      trace({
        kind: "approval",
        at,
        requestId: pending.requestId,
        tool: pending.tool,
        decision: "cancelled",
      });
      pending.reject(new DOMException("approval cancelled", "AbortError"));
    }
    this.pending.clear();
  }
}
