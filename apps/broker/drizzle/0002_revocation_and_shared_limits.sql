-- UNLOGGED (written by hand; drizzle-kit has no such option): rate-limit counters need no WAL, see schema.ts.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_connection_at" timestamp with time zone;