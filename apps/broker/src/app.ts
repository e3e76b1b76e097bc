/**
 * The broker's HTTP application: security headers everywhere, CORS and CSRF on /api, the resource modules
 * mounted with app.route(), the agent's ingest routes, the built web app, and the one error mapping.
 */
import { Hono } from "hono";
import type { AppEnv, Services } from "./context.ts";
import { errorBody, handleError } from "./errors.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminAgentRoutes } from "./routes/admin-agents.ts";
import { adminMcpRoutes } from "./routes/admin-mcp.ts";
import { agentRoutes } from "./routes/agents.ts";
import { ATTACHMENT_UPLOAD_PATH, attachmentRoutes } from "./routes/attachments.ts";
import { authRoutes } from "./routes/auth.ts";
import { conversationRoutes } from "./routes/conversations.ts";
import { feedbackRoutes } from "./routes/feedback.ts";
import { healthRoutes } from "./routes/health.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { mcpStatusRoutes } from "./routes/mcp-status.ts";
import { meRoutes } from "./routes/me.ts";
import { conversationShareRoutes, shareRoutes } from "./routes/shares.ts";
import { TURN_REPORT_PATH, turnReportRoutes } from "./routes/turn-reports.ts";
import { accessLog } from "./security/access-log.ts";
import { apiBodyLimit, payloadTooLarge } from "./security/body-limit.ts";
import { corsAllowList } from "./security/cors.ts";
import { csrfGuard } from "./security/csrf.ts";
import { securityHeaders } from "./security/headers.ts";
import { webRoutes } from "./static-web.ts";

const API_BODY_LIMIT = 64 * 1024;

function apiRoutes(s: Services) {
  return new Hono<AppEnv>()
    .route("/health", healthRoutes(s))
    .route("/auth", authRoutes(s))
    .route("/me", meRoutes(s))
    .route("/conversations", conversationRoutes(s))
    .route("/conversations", feedbackRoutes(s))
    .route("/conversations", conversationShareRoutes(s))
    .route("/shares", shareRoutes(s))
    .route("/attachments", attachmentRoutes(s))
    .route("/conversations", turnReportRoutes(s))
    .route("/agents", agentRoutes(s))
    .route("/admin/agents", adminAgentRoutes(s))
    .route("/admin", adminRoutes(s))
    .route("/admin/mcp", adminMcpRoutes(s));
}

export function createApp(s: Services) {
  const publicOrigin = s.env.INTERJECT_PUBLIC_URL ? new URL(s.env.INTERJECT_PUBLIC_URL).origin : undefined;
  const app = new Hono<AppEnv>();
  app.use(accessLog(s.log));
  app.use(securityHeaders(s.runtimeOrigins));
  app.use("/api/*", corsAllowList(s.allowedOrigins));
  app.use("/api/*", csrfGuard(s.allowedOrigins, publicOrigin));
  app.use("/api/*", async (c, next) => {
    await next();
    // API answers are personal (and one is a bearer URL): no cache may keep them. Set on the finished
    // response's headers: c.header() after next() would copy the response into a streamed one.
    c.res.headers.set("Cache-Control", "no-store");
  });
  // A turn report may carry a long answer, an upload is the file itself: their routes set their own, larger limits.
  const bodyLimit = apiBodyLimit(API_BODY_LIMIT, payloadTooLarge(API_BODY_LIMIT));
  app.use("/api/*", (c, next) =>
    c.req.path === ATTACHMENT_UPLOAD_PATH || TURN_REPORT_PATH.test(c.req.path) ? next() : bodyLimit(c, next),
  );
  app.onError((err, c) => handleError(err, c, s.log));
  app.notFound((c) => c.json(errorBody("not_found", "no such route"), 404));
  const routes = app
    .route("/api", apiRoutes(s))
    .route("/internal/v1", ingestRoutes(s))
    .route("/internal/v1/mcp", mcpStatusRoutes(s));
  app.route("/", webRoutes(s.env.INTERJECT_WEB_DIR));
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
