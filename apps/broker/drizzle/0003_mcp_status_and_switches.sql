CREATE TABLE "mcp_reports" (
	"agent" text NOT NULL,
	"instance_id" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"report_seconds" integer NOT NULL,
	"servers" jsonb NOT NULL,
	"tools" jsonb NOT NULL,
	CONSTRAINT "mcp_reports_agent_instance_id_pk" PRIMARY KEY("agent","instance_id")
);
--> statement-breakpoint
CREATE TABLE "mcp_tool_switches" (
	"agent" text NOT NULL,
	"server" text NOT NULL,
	"tool" text NOT NULL,
	"switched_off_at" timestamp with time zone NOT NULL,
	"switched_off_by" text,
	CONSTRAINT "mcp_tool_switches_agent_server_tool_pk" PRIMARY KEY("agent","server","tool")
);
--> statement-breakpoint
CREATE INDEX "mcp_reports_reported_idx" ON "mcp_reports" USING btree ("reported_at");