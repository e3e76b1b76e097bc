/**
 * The AgentCore `/ping` status: `HealthyBusy` while an answer or background work (reports to the broker)
 * runs, `Healthy` otherwise. `time_of_last_update` changes only when the status changes: refreshing it on
 * every ping would keep an idle session alive forever.
 */
export type PingStatus = "Healthy" | "HealthyBusy";

export class Health {
  private activeTurns = 0;
  private status: PingStatus = "Healthy";
  private updatedAt: number;

  constructor(
    private readonly backgroundBusy: () => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.updatedAt = Math.floor(now() / 1000);
  }

  turnStarted(): void {
    this.activeTurns++;
    this.refresh();
  }

  turnEnded(): void {
    this.activeTurns = Math.max(0, this.activeTurns - 1);
    this.refresh();
  }

  /** The current answer for `/ping`. */
  ping(): { status: PingStatus; time_of_last_update: number } {
    this.refresh();
    return { status: this.status, time_of_last_update: this.updatedAt };
  }

  private refresh(): void {
    const next: PingStatus = this.activeTurns > 0 || this.backgroundBusy() ? "HealthyBusy" : "Healthy";
    if (next !== this.status) {
      this.status = next;
      this.updatedAt = Math.floor(this.now() / 1000);
    }
  }
}
