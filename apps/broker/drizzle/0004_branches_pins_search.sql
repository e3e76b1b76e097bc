CREATE TABLE "conversation_branches" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"session_id" text NOT NULL,
	"parent_branch_id" text,
	"fork_turn_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "pinned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversation_branches" ADD CONSTRAINT "conversation_branches_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_branches_session_idx" ON "conversation_branches" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "conversation_branches_conversation_idx" ON "conversation_branches" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "turns_text_search_idx" ON "turns" USING gin (to_tsvector('english', "prompt" || ' ' || coalesce("response", '')));--> statement-breakpoint
-- Written by hand: conversations nobody ever said anything in (the old "New conversation" button stored one
-- per click) go, with whatever events their session has.
DELETE FROM "events" e USING "conversations" c
WHERE e."session_id" = c."session_id"
  AND NOT EXISTS (SELECT 1 FROM "turns" t WHERE t."session_id" = c."session_id");--> statement-breakpoint
DELETE FROM "conversations" c
WHERE NOT EXISTS (SELECT 1 FROM "turns" t WHERE t."session_id" = c."session_id");--> statement-breakpoint
-- Every remaining conversation's session becomes its first branch.
INSERT INTO "conversation_branches" ("id", "conversation_id", "session_id", "parent_branch_id", "fork_turn_id", "created_at")
SELECT gen_random_uuid()::text, c."id", c."session_id", NULL, NULL, c."created_at" FROM "conversations" c;
