/**
 * Edit and retry: a new version of the message at `index` is a new branch of the conversation (its own
 * runtime session on the agent, rebuilt from the turns before that message), opened with the text queued
 * for it. The running answer, if any, is stopped first. The branch to fork after is the turn before `index`:
 * just after an answer ends the agent may not have reported it yet, so a 409 is tried again a few times.
 */
import type { TurnView } from "@interject/chat-client";
import { useCallback, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import type { Versions } from "../api/types.ts";
import { queuePrompt } from "./queued-prompt.ts";

const FORK_ATTEMPTS = 6;
const FORK_RETRY_MS = 400;

export function branchPath(conversationId: string, branchId: string): string {
  return `/c/${encodeURIComponent(conversationId)}?branch=${encodeURIComponent(branchId)}`;
}

async function forkWithRetry(conversationId: string, from: string, after: string | null) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await brokerApi.forkBranch(conversationId, from, after);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409) || attempt >= FORK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, FORK_RETRY_MS));
    }
  }
}

export function useBranching(options: {
  conversationId: string;
  branchId: string | null;
  turns: readonly TurnView[];
  versions: readonly (Versions | undefined)[];
  stop: () => void;
}) {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Read at call time, so the callbacks stay the same while the answer streams (TurnItem is memo).
  const latest = useRef(options);
  latest.current = options;

  const newVersion = useCallback(
    async (index: number, text: string) => {
      const { conversationId, branchId, turns, versions, stop } = latest.current;
      if (branchId === null) return;
      const before = index > 0 ? turns[index - 1] : undefined;
      if (index > 0 && !before?.turnId) return;
      stop();
      setBusy(true);
      setError(null);
      try {
        const { branch } = await forkWithRetry(conversationId, branchId, before?.turnId ?? null);
        const current = versions[index] ?? { index: 0, branchIds: [branchId] };
        const branchIds = [...current.branchIds, branch.id];
        queuePrompt(conversationId, branch.id, {
          text,
          versions: { index: branchIds.length - 1, branchIds },
        });
        navigate(branchPath(conversationId, branch.id));
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(false);
      }
    },
    [navigate],
  );

  const onEdit = useCallback((index: number, text: string) => void newVersion(index, text), [newVersion]);
  const onRetry = useCallback(
    (index: number) => {
      const turn = latest.current.turns[index];
      if (turn) void newVersion(index, turn.prompt);
    },
    [newVersion],
  );
  const onVersion = useCallback(
    (branchId: string) => navigate(branchPath(latest.current.conversationId, branchId)),
    [navigate],
  );
  return { onEdit, onRetry, onVersion, busy, error };
}
