/** Browser entry: mounts the app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, createQueryClient } from "./app.tsx";
import { warmUpRenderer } from "./chat/warm-up.tsx";
import "./ui/styles.css";
import "./ui/content-styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App client={createQueryClient()} />
  </StrictMode>,
);
warmUpRenderer();
