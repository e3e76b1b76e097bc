ALTER TABLE "turns" ADD COLUMN "reported_by" text DEFAULT 'agent' NOT NULL;--> statement-breakpoint
ALTER TABLE "turns" ADD COLUMN "stop_reason" text;