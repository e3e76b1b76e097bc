CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"display_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"runtime_arn" text NOT NULL,
	"qualifier" text,
	"region" text NOT NULL,
	"protocol_level" text NOT NULL,
	"access" text NOT NULL,
	"default_trace_level" text NOT NULL,
	"enabled" boolean NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Written by hand: the built-in agent exists from the start, so every conversation from before the registry
-- belongs to it (the column default below). Its runtime fields are the local defaults here; the broker sets them
-- from AGENTCORE_RUNTIME_ARN, AGENTCORE_QUALIFIER and AWS_REGION at every start (src/agents/bootstrap.ts).
INSERT INTO "agents" ("id", "name", "display_name", "description", "runtime_arn", "qualifier", "region", "protocol_level", "access", "default_trace_level", "enabled", "is_default", "built_in", "created_at", "updated_at")
VALUES ('00000000-0000-4000-8000-000000000001', 'interject', 'Interject', 'The built-in agent', 'arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_local-0000000000', NULL, 'us-east-1', 'full', 'everyone', 'milestones', true, true, true, now(), now());--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_id" text DEFAULT '00000000-0000-4000-8000-000000000001' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_name_idx" ON "agents" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_default_idx" ON "agents" USING btree ("is_default") WHERE "agents"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "agents_built_in_idx" ON "agents" USING btree ("built_in") WHERE "agents"."built_in";--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_agent_live_idx" ON "conversations" USING btree ("agent_id","last_connection_at");