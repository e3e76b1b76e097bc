/**
 * The audit log (database table audit_log, read by admins at /api/admin/audit). Entries are written behind
 * in small batches so the hot path (minting a URL) does not wait for an insert; readers call flush() first,
 * and shutdown flushes. Never record a secret: no passwords, cookies, tokens or presigned URLs.
 *
 * On PostgreSQL a batch is one insert with one JSON parameter. The embedded PGlite runs on the broker's own
 * thread, so there each batch is a COPY of CSV rows instead, which costs PGlite about a third less CPU a row
 * than expanding JSON (minting writes one row per request).
 */
import type { PGlite } from "@electric-sql/pglite";
import { getTableName, sql } from "drizzle-orm";
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

interface AuditRow {
  at: string;
  actor_user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: AuditEntry["detail"];
  source: string | null;
}

const BATCH = 500;
const DELAY_MS = 20;
const COPY_AUDIT = `copy ${getTableName(auditLog)} (at, actor_user_id, action, target_type, target_id, detail, source) from '/dev/blob' with (format csv)`;

/** A CSV field for COPY: NULL unquoted and empty, anything else quoted with its quotes doubled. */
function csvField(value: string | null): string {
  return value === null ? "" : `"${value.replaceAll('"', '""')}"`;
}

/** COPY FROM CSV input; every value is quoted, so no line can be mistaken for the end-of-data marker. */
function auditCsv(rows: readonly AuditRow[]): string {
  let out = "";
  for (const r of rows) {
    out +=
      `${csvField(r.at)},${csvField(r.actor_user_id)},${csvField(r.action)},${csvField(r.target_type)},` +
      `${csvField(r.target_id)},${csvField(JSON.stringify(r.detail))},${csvField(r.source)}\n`;
  }
  return out;
}

/**
 * PostgreSQL's text and jsonb cannot hold U+0000: one such character from a request (a user agent, say) would
 * fail its whole batch and lose every entry in it. It is replaced with U+FFFD, so the entry keeps its shape.
 */
function storable(value: string | null): string | null {
  return value?.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}

function storableDetail(detail: AuditEntry["detail"]): NonNullable<AuditEntry["detail"]> {
  if (!detail) return {};
  const out: NonNullable<AuditEntry["detail"]> = {};
  for (const [key, value] of Object.entries(detail)) {
    out[storable(key) as string] = typeof value === "string" ? storable(value) : value;
  }
  return out;
}

export class Audit {
  private queue: AuditRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /** The embedded database's client, when the broker runs on PGlite: batches are written with COPY. */
    private readonly pglite?: PGlite,
  ) {}

  record(entry: AuditEntry): void {
    this.queue.push({
      at: new Date().toISOString(),
      actor_user_id: entry.actorUserId,
      action: entry.action,
      target_type: storable(entry.targetType ?? null),
      target_id: storable(entry.targetId ?? null),
      detail: storableDetail(entry.detail),
      source: storable(entry.source ?? null),
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
        if (this.pglite) {
          await this.pglite.query(COPY_AUDIT, [], { blob: new Blob([auditCsv(rows)]) });
          return;
        }
        // One JSON parameter expanded by the database: far cheaper than building a 1,000-row VALUES list.
        await this.db.execute(sql`
          insert into ${auditLog} (at, actor_user_id, action, target_type, target_id, detail, source)
          select at, actor_user_id, action, target_type, target_id, detail, source
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
            at timestamptz, actor_user_id text, action text, target_type text, target_id text, detail jsonb, source text
          )`);
      } catch (err) {
        this.log.error({ err: (err as Error).message, lost: rows.length }, "audit write failed");
      }
    });
    return this.inflight;
  }
}
