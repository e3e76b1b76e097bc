/**
 * Every frame the agent sent during a run, on every connection, in arrival order: the evidence for the checks
 * that hold over the whole run (frame sizes, frame schemas), whichever check's connection carried the frame.
 */

export interface ReceivedFrame {
  /** Which connection of the run carried it (1, 2, ...). */
  connection: number;
  binary: boolean;
  /** The frame's text (for a binary frame, its bytes as latin1, for an excerpt). */
  text: string;
  /** Payload bytes, as sent (after permessage-deflate is undone). */
  bytes: number;
  /** Which check was running. */
  check: string;
}

export class FrameLog {
  readonly frames: ReceivedFrame[] = [];
  private connections = 0;

  nextConnectionId(): number {
    this.connections += 1;
    return this.connections;
  }

  add(frame: ReceivedFrame): void {
    this.frames.push(frame);
  }
}
