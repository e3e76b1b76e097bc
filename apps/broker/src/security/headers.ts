/**
 * Security headers on every response: a CSP without inline scripts whose connect-src admits the runtime's
 * WebSocket origins (one per agent Region with AWS), frame-ancestors 'none', nosniff, Referrer-Policy
 * no-referrer (presigned URLs must never leak through a Referer), and a Permissions-Policy that turns off the powerful features the product
 * does not use (camera, location, payments, devices, sensors, screen capture), for this page and anything
 * it might embed. The microphone stays available to the page itself, for voice input.
 */
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { RuntimeOrigins } from "../agents/runtime-origins.ts";

/**
 * The policy of a file answer (an attachment, an export: anything sent with Content-Disposition): a sandbox
 * that runs nothing and loads nothing, whatever the file holds.
 */
export const FILE_CSP = "sandbox; default-src 'none'";

/** `runtimeOrigins`: the runtime's WebSocket origin(s), space-separated, or a function giving them per response. */
export function securityHeaders(runtimeOrigins: RuntimeOrigins) {
  const secure = pageHeaders(runtimeOrigins);
  return createMiddleware(async (c, next) => {
    await secure(c, next);
    if (c.res.headers.has("content-disposition")) c.res.headers.set("content-security-policy", FILE_CSP);
  });
}

function pageHeaders(runtimeOrigins: RuntimeOrigins) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", typeof runtimeOrigins === "string" ? runtimeOrigins : () => runtimeOrigins()],
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
    permissionsPolicy: {
      microphone: ["self"],
      camera: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      bluetooth: [],
      midi: [],
      displayCapture: [],
      accelerometer: [],
      gyroscope: [],
      magnetometer: [],
      idleDetection: [],
      screenWakeLock: [],
      xrSpatialTracking: [],
      browsingTopics: [],
    },
  });
}
