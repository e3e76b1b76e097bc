/**
 * The keyboard shortcuts, named once: what each does, how it reads in the help dialog, and whether a key
 * press is it. "Mod" is Cmd on a Mac, Ctrl elsewhere. Keys are matched by `code` where a modifier changes
 * the character (Option+Shift+C types "Ç" on a Mac).
 */
export type ShortcutId = "new" | "search" | "composer" | "stop" | "copy" | "help";

export interface Shortcut {
  id: ShortcutId;
  /** The keys, as the help dialog shows them. */
  keys: string[];
  does: string;
  /** False: not while typing in a field (the key is a character there). */
  inFields: boolean;
  matches: (event: KeyboardEvent) => boolean;
}

const isMac = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? "");
const mod = (event: KeyboardEvent) => (isMac() ? event.metaKey : event.ctrlKey);
const modName = () => (isMac() ? "⌘" : "Ctrl");

export function shortcuts(): Shortcut[] {
  return [
    {
      id: "new",
      keys: [modName(), "Shift", "O"],
      does: "New conversation",
      inFields: true,
      matches: (e) => mod(e) && e.shiftKey && !e.altKey && e.code === "KeyO",
    },
    {
      id: "search",
      keys: [modName(), "K"],
      does: "Search conversations",
      inFields: true,
      matches: (e) => mod(e) && !e.shiftKey && !e.altKey && e.code === "KeyK",
    },
    {
      id: "composer",
      keys: ["/"],
      does: "Write a message (focus the message box)",
      inFields: false,
      matches: (e) => e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey,
    },
    {
      id: "stop",
      keys: ["Esc"],
      does: "Stop the answer",
      inFields: true,
      matches: (e) => e.key === "Escape",
    },
    {
      id: "copy",
      keys: [isMac() ? "⌥" : "Alt", "Shift", "C"],
      does: "Copy the last answer",
      inFields: true,
      matches: (e) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyC",
    },
    {
      id: "help",
      keys: ["?"],
      does: "Show these shortcuts",
      inFields: false,
      matches: (e) => e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey,
    },
  ];
}

export const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** The shortcut this key press is, if any (respecting fields). */
export function shortcutOf(event: KeyboardEvent): ShortcutId | null {
  if (event.defaultPrevented || event.isComposing) return null;
  const typing = isTyping(event.target);
  const found = shortcuts().find((s) => (s.inFields || !typing) && s.matches(event));
  return found?.id ?? null;
}

/** Puts the cursor in the message box, if there is one on the page. */
export function focusComposer(): boolean {
  const box = document.getElementById("composer-input");
  if (!(box instanceof HTMLTextAreaElement)) return false;
  box.focus();
  return true;
}
