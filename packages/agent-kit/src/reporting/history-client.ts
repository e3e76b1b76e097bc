/**
 * Fetches a session's history from the broker (`GET /internal/v1/sessions/:id/history`) so an agent that
 * lost the session (a restart, another instance) rebuilds the model's context and continues numbering
 * after the broker's lastSeq. 404 means the broker has never seen the session: it starts fresh.
 */
import { SessionHistory } from "@interject/protocol";

export class HistoryFetchError extends Error {
  override name = "HistoryFetchError";
  constructor(
    message: string,
    /** Worth another try (a 5xx or 429); a 4xx or a malformed answer is not. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

export async function fetchSessionHistory(
  baseUrl: string,
  token: string,
  sessionId: string,
  timeoutMs = 5000,
  attempts = 2,
): Promise<SessionHistory | null> {
  // A busy broker or a dropped connection gets one more try before the session is refused: without its
  // history the agent cannot number the session's messages safely.
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(baseUrl, token, sessionId, timeoutMs);
    } catch (error) {
      const transient = !(error instanceof HistoryFetchError) || error.transient;
      if (!transient || attempt >= attempts) throw error;
    }
  }
}

async function fetchOnce(
  baseUrl: string,
  token: string,
  sessionId: string,
  timeoutMs: number,
): Promise<SessionHistory | null> {
  const url = new URL(`/internal/v1/sessions/${encodeURIComponent(sessionId)}/history`, baseUrl);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new HistoryFetchError(
      `the broker answered ${response.status} for the session history`,
      response.status >= 500 || response.status === 429,
    );
  }
  const parsed = SessionHistory.safeParse(await response.json().catch(() => null));
  if (!parsed.success || parsed.data.sessionId !== sessionId) {
    throw new HistoryFetchError("the broker's session history does not match the protocol", false);
  }
  return parsed.data;
}
