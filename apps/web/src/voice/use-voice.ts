/**
 * The conversation's voice controller for as long as the chat screen shows it (made per connection,
 * turned off when the conversation changes or the page leaves), read through useSyncExternalStore.
 */
import type { VoiceLink } from "@interject/chat-client";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { VOICE_OFF, VoiceController, type VoiceState } from "./voice-controller.ts";
import workletUrl from "./voice-worklet.ts?worker&url";

export interface Voice {
  controller: VoiceController | null;
  state: VoiceState;
}

const noSubscription = () => () => {};
const off = () => VOICE_OFF;

export function useVoice(session: VoiceLink | null): Voice {
  const controller = useMemo(
    () => (session ? new VoiceController(session, { workletUrl }) : null),
    [session],
  );
  useEffect(() => () => controller?.stop(), [controller]);
  const state = useSyncExternalStore(
    controller?.subscribe ?? noSubscription,
    controller?.getSnapshot ?? off,
    controller?.getSnapshot ?? off,
  );
  return { controller, state };
}
