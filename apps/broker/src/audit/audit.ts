/**
 * The audit log (database table audit_log, read by admins at /api/admin/audit). Entries are written behind
 * in small batches so the hot path (minting a URL) does not wait for an insert; readers call flush() first,
 * and shutdown flushes. Never record a secret: no passwords, cookies, tokens or presigned URLs.
 */
import type { Logger } from "pino";
import type { Db } from "../db/open.ts";
import { auditLog } from "../db/schema.ts";

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, string | number | boolean | null>;
  source?: string;
}

const BATCH = 1000;
const DELAY_MS = 250;

export class Audit {
  private queue: Array<typeof auditLog.$inferInsert> = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  record(entry: AuditEntry): void {
    this.queue.push({
      at: new Date(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? {},
      source: entry.source ?? null,
    });
    this.log.info({ audit: entry.action, actor: entry.actorUserId, target: entry.targetId }, "audit");
    if (this.queue.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), DELAY_MS);
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.queue;
    this.queue = [];
    this.inflight = this.inflight.then(async () => {
      if (rows.length === 0) return;
      try {
        await this.db.insert(auditLog).values(rows);
      } catch (err) {
        this.log.error({ err: (err as Error).message, lost: rows.length }, "audit write failed");
      }
    });
    return this.inflight;
  }
}
