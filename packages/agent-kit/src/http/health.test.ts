/** /ping's status: busy while answers or background work run; the timestamp moves only on a change. */
import { describe, expect, it } from "vitest";
import { Health } from "./health.ts";

describe("Health", () => {
  it("changes time_of_last_update only when the status changes", () => {
    let now = 1_000_000;
    let background = false;
    const health = new Health(
      () => background,
      () => now,
    );
    expect(health.ping()).toEqual({ status: "Healthy", time_of_last_update: 1000 });
    now += 60_000;
    expect(health.ping().time_of_last_update).toBe(1000);
    health.turnStarted();
    health.turnStarted();
    expect(health.ping()).toEqual({ status: "HealthyBusy", time_of_last_update: 1060 });
    now += 5_000;
    health.turnEnded();
    expect(health.ping()).toEqual({ status: "HealthyBusy", time_of_last_update: 1060 });
    background = true;
    health.turnEnded();
    now += 5_000;
    expect(health.ping()).toEqual({ status: "HealthyBusy", time_of_last_update: 1060 });
    background = false;
    expect(health.ping()).toEqual({ status: "Healthy", time_of_last_update: 1070 });
  });
});
