/**
 * The colour theme: the system's (prefers-color-scheme), light or dark, remembered in this browser
 * (localStorage: a preference, nothing secret) and applied as `data-theme` on <html>, which styles.css
 * reads. Applied before the first render (main.tsx), so the page does not flash the other theme.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = "interject.theme";

export function storedTheme(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return THEMES.find((t) => t === value) ?? "system";
  } catch {
    // Storage refused (private mode, a policy): the system's theme.
    return "system";
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function saveTheme(theme: Theme): void {
  applyTheme(theme);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered, but applied for this page.
  }
}
