/**
 * SLOT for the conversation menu's Export and Share (issue 16 points 4, built on branch ux-content): render
 * their `MenuItem`s (ui/menu.tsx) here; call `close()` when one is chosen. Nothing until that is merged.
 */
import type { Conversation } from "../api/types.ts";

export function ConversationMenuExtras(_props: { conversation: Conversation; close: () => void }) {
  return null;
}
