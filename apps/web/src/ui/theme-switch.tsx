/** System, light or dark: a small labelled select in the top bar, remembered in this browser (theme.ts). */
import { useState } from "react";
import { saveTheme, storedTheme, THEMES, type Theme } from "./theme.ts";

export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <label className="theme-switch">
      <span className="sr-only">Theme</span>
      <select
        value={theme}
        aria-label="Theme"
        onChange={(event) => {
          const next = THEMES.find((t) => t === event.target.value) ?? "system";
          setTheme(next);
          saveTheme(next);
        }}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {t === "system" ? "◐ System" : t === "light" ? "☀ Light" : "☾ Dark"}
          </option>
        ))}
      </select>
    </label>
  );
}
