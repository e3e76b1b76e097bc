/**
 * Starting a conversation by voice from the new-chat page: the page creates the conversation and opens it
 * with `START_VOICE` as the navigation's state; the chat turns voice on as soon as its session exists, once
 * (the state is cleared, so a reload or Back does not open the microphone again). The click that created the
 * conversation is the user gesture the browser's audio needs (its activation lasts for the page).
 */
import { useEffect } from "react";
import { useLocation, useNavigate } from "react-router";
import type { Voice } from "./use-voice.ts";

export const START_VOICE = { startVoice: true } as const;

export function wantsVoice(state: unknown): boolean {
  return (
    typeof state === "object" && state !== null && (state as { startVoice?: unknown }).startVoice === true
  );
}

/** `ready`: the conversation can carry voice (its agent speaks the full protocol); until then it waits. */
export function useVoiceAutostart(voice: Voice, ready: boolean): void {
  const location = useLocation();
  const navigate = useNavigate();
  const wanted = wantsVoice(location.state);
  const { controller } = voice;
  useEffect(() => {
    if (!wanted || !controller || !ready) return;
    void controller.start();
    navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [wanted, controller, ready, navigate, location.pathname, location.search]);
}
