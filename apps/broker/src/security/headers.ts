/**
 * Security headers on every response: a CSP without inline scripts whose connect-src admits the runtime's
 * WebSocket origin, frame-ancestors 'none', nosniff, and Referrer-Policy no-referrer (presigned URLs must
 * never leak through a Referer).
 */
import { secureHeaders } from "hono/secure-headers";

export function securityHeaders(runtimeOrigin: string) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", runtimeOrigin],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    xContentTypeOptions: "nosniff",
    referrerPolicy: "no-referrer",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
  });
}
