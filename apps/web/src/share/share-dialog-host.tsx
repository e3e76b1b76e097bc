/**
 * One share dialog for menus that close when an item is chosen (the sidebar's per-conversation menu): the
 * menu calls `openShareDialog`, and the host, mounted once in the app shell, shows the dialog after the menu
 * is gone.
 */
import { useSyncExternalStore } from "react";
import { ShareDialog } from "./share-dialog.tsx";

interface Target {
  conversationId: string;
  title: string;
}

let current: Target | null = null;
const listeners = new Set<() => void>();

function set(target: Target | null): void {
  current = target;
  for (const listener of listeners) listener();
}

export const openShareDialog = (target: Target): void => set(target);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function ShareDialogHost() {
  const target = useSyncExternalStore(subscribe, () => current);
  return target ? (
    <ShareDialog
      key={target.conversationId}
      conversationId={target.conversationId}
      title={target.title}
      open
      onClose={() => set(null)}
    />
  ) : null;
}
