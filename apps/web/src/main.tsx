/** Browser entry: mounts the app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, createQueryClient } from "./app.tsx";
import { warmUpRenderer } from "./chat/warm-up.tsx";
import { applyTheme, storedTheme } from "./ui/theme.ts";
import "./ui/styles.css";

applyTheme(storedTheme());

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App client={createQueryClient()} />
  </StrictMode>,
);
warmUpRenderer();
