/**
 * The outbox's frame rate: a burst (a `resume` replaying a voice answer's audio) leaves the socket at no
 * more than `framesPerSecond`, in order, with waiting chunks of one turn merged; nothing is lost.
 */
import type { ChunkMessage } from "@interject/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSocket } from "../testing/fake-socket.ts";
import { Outbox } from "./outbox.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function outbox(framesPerSecond?: number) {
  const socket = new FakeSocket();
  const sentAt: number[] = [];
  const send = socket.send.bind(socket);
  socket.send = (text, done) => {
    sentAt.push(Date.now());
    send(text, done);
  };
  const box = new Outbox(socket, {
    softLimitBytes: 1 << 20,
    hardCapBytes: 1 << 24,
    ...(framesPerSecond === undefined ? {} : { framesPerSecond }),
    onOverflow: () => {
      throw new Error("overflow");
    },
  });
  return { socket, sentAt, box };
}

/** The most frames sent within any window of `ms` milliseconds. */
function busiest(sentAt: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < sentAt.length; i++) {
    while ((sentAt[i] ?? 0) - (sentAt[j] ?? 0) >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("Outbox frame rate", () => {
  it("sends a burst of 600 frames at no more than the rate, in order, losing none", async () => {
    const { socket, sentAt, box } = outbox(200);
    for (let i = 0; i < 600; i++) box.sendText(JSON.stringify({ n: i }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(socket.frames.map((f) => (JSON.parse(f) as { n: number }).n)).toEqual(
      Array.from({ length: 600 }, (_, i) => i),
    );
    // 200 a second, plus the bucket of a fifth of a second that a quiet connection saves up.
    expect(busiest(sentAt, 1000)).toBeLessThanOrEqual(240);
    expect(busiest(sentAt, 1000)).toBeGreaterThanOrEqual(190);
  });

  it("merges a turn's chunks that wait for the rate", async () => {
    const { socket, box } = outbox(10);
    const chunk = (seq: number): ChunkMessage => ({ type: "chunk", seq, turnId: "t1", data: `w${seq} ` });
    for (let seq = 1; seq <= 50; seq++) box.sendChunk(chunk(seq));
    await vi.advanceTimersByTimeAsync(2000);
    const sent = socket.frames.map((f) => JSON.parse(f) as ChunkMessage);
    expect(sent.length).toBeLessThan(10);
    expect(sent.map((c) => c.data).join("")).toBe(
      Array.from({ length: 50 }, (_, i) => `w${i + 1} `).join(""),
    );
    expect(box.coalesced).toBeGreaterThan(40);
  });

  it("does not hold frames back without a rate", () => {
    const { socket, box } = outbox();
    for (let i = 0; i < 1000; i++) box.sendText("{}");
    expect(socket.frames).toHaveLength(1000);
  });
});
