ALTER TABLE "turns" ADD COLUMN "last_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Turns stored before this column: the last seq each one was built from.
UPDATE "turns" SET "last_seq" = COALESCE((SELECT max("seq") FROM "events" WHERE "events"."session_id" = "turns"."session_id" AND "events"."turn_id" = "turns"."turn_id"), 0);
