/**
 * The app-wide shortcuts (ui/shortcuts.ts): new conversation, search, the message box and this help. Stop and
 * copy-the-last-answer belong to the chat on screen (chat-page.tsx, use-copy-last-answer.ts).
 */
import { useEffect } from "react";
import { useNavigate } from "react-router";
import { focusComposer, shortcutOf } from "./shortcuts.ts";

export function useShortcuts(handlers: { openSearch: () => void; openHelp: () => void }) {
  const navigate = useNavigate();
  const { openSearch, openHelp } = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      switch (shortcutOf(event)) {
        case "new":
          event.preventDefault();
          navigate("/");
          // The new-chat page takes the cursor itself; if it is already shown, put it back there.
          requestAnimationFrame(() => focusComposer());
          return;
        case "search":
          event.preventDefault();
          openSearch();
          return;
        case "composer":
          if (focusComposer()) event.preventDefault();
          return;
        case "help":
          event.preventDefault();
          openHelp();
          return;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, openSearch, openHelp]);
}
