/**
 * A thumb given the moment an answer ends: the broker may not have that answer yet (the agent stores it a
 * moment later), so "not found" and "still streaming" are tried again with back-off, and the thumb stays;
 * any other refusal shows at once and puts the thumb back.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FeedbackControl } from "./feedback-control.tsx";
import { feedbackQuery, feedbackRetryDelay, useFeedback } from "./use-feedback.ts";

const CONVERSATION = "5b0c5a86-6f2d-4a4b-9d55-3a4f6c1d2e3f";
const TURN = "turn-1";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A broker that refuses the first `refusals` PUTs with `refusal`, then stores the feedback. */
function broker(refusals: number, refusal: Response | (() => Response)) {
  const puts: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      if (method === "PUT" && url.includes(`/turns/${TURN}/feedback`)) {
        puts.push(url);
        if (puts.length <= refusals) return typeof refusal === "function" ? refusal() : refusal.clone();
        return json(200, { feedback: { rating: "up", comment: null, at: new Date().toISOString() } });
      }
      if (url.endsWith(`/conversations/${CONVERSATION}/feedback`)) {
        return json(
          200,
          puts.length > refusals
            ? { items: [{ turnId: TURN, rating: "up", comment: null, at: new Date().toISOString() }] }
            : { items: [] },
        );
      }
      return json(404, { error: { code: "not_found", message: `unexpected ${method} ${url}` } });
    }),
  );
  return puts;
}

function Rated() {
  const feedback = useFeedback(CONVERSATION);
  return <FeedbackControl conversationId={CONVERSATION} turnId={TURN} feedback={feedback.data?.get(TURN)} />;
}

function show() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(feedbackQuery(CONVERSATION).queryKey, new Map());
  render(
    <QueryClientProvider client={client}>
      <Rated />
    </QueryClientProvider>,
  );
}

describe("feedback on an answer the broker has not stored yet", () => {
  it("backs off from 250 ms to at most 2 s between tries", () => {
    expect([0, 1, 2, 3, 4].map(feedbackRetryDelay)).toEqual([250, 500, 1000, 2000, 2000]);
  });

  it("tries again while the answer is not found, keeps the thumb and shows no error", async () => {
    const notFound = () => json(404, { error: { code: "not_found", message: "answer not found" } });
    const puts = broker(2, notFound);
    show();
    fireEvent.click(screen.getByRole("button", { name: "Helpful" }));
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Helpful" }).getAttribute("aria-pressed")).toBe("true"),
    );
    await waitFor(() => expect(puts).toHaveLength(3), { timeout: 4000 });
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Helpful" }).getAttribute("aria-pressed")).toBe("true"),
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("tries again while the answer is still being written (409)", async () => {
    const streaming = () =>
      json(409, {
        error: { code: "conflict", message: "this answer is still being written; rate it once it ends" },
      });
    const puts = broker(1, streaming);
    show();
    fireEvent.click(screen.getByRole("button", { name: "Not helpful" }));
    await waitFor(() => expect(puts).toHaveLength(2), { timeout: 4000 });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows any other refusal at once and puts the thumb back", async () => {
    const forbidden = () => json(403, { error: { code: "forbidden", message: "not yours" } });
    const puts = broker(10, forbidden);
    show();
    fireEvent.click(screen.getByRole("button", { name: "Helpful" }));
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(puts).toHaveLength(1);
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Helpful" }).getAttribute("aria-pressed")).toBe("false"),
    );
  });
});
