/** The health route answers without a session, so the start script and load balancers can use it. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestBroker, type TestBroker } from "../test/harness.ts";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.stop();
});

it("reports ok while the database answers, signed in or not", async () => {
  const reply = await broker.browser().request<{ status: string }>("GET", "/api/health");
  expect(reply.status).toBe(200);
  expect(reply.body).toEqual({ status: "ok" });
});
