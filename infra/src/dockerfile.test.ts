/**
 * Static checks of apps/broker/Dockerfile (Docker cannot run on the machines that run this suite): several
 * stages, an unprivileged user, a health check on the broker's health route, and the outputs the image
 * needs, each produced by a script that really writes them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./images.ts";

const dockerfile = readFileSync(path.join(REPO_ROOT, "apps/broker/Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l !== "" && !l.startsWith("#"));
const lastStage = instructions.slice(instructions.findLastIndex((l) => l.startsWith("FROM ")));
const pkg = (dir: string) =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, dir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };

describe("apps/broker/Dockerfile", () => {
  it("is multi-stage and runs as the unprivileged node user", () => {
    expect(instructions.filter((l) => l.startsWith("FROM ")).length).toBeGreaterThanOrEqual(3);
    const users = lastStage.filter((l) => l.startsWith("USER "));
    expect(users).toEqual(["USER node"]);
    // Nothing after USER switches back to root.
    expect(lastStage.indexOf("USER node")).toBeLessThan(lastStage.findIndex((l) => l.startsWith("CMD ")));
  });

  it("checks its health on /api/health and starts the bundle", () => {
    expect(lastStage.find((l) => l.startsWith("HEALTHCHECK "))).toContain("/api/health");
    expect(lastStage.find((l) => l.startsWith("CMD "))).toContain("dist/main.js");
    expect(lastStage.join("\n")).toMatch(/EXPOSE 3000/);
  });

  it("builds the web app it serves and the broker bundle with the packages' own scripts", () => {
    expect(dockerfile).toContain("pnpm --filter @interject/web build");
    expect(dockerfile).toContain("pnpm --filter @interject/broker build");
    expect(pkg("apps/broker").scripts.build).toContain("dist/main.js");
    expect(pkg("apps/web").scripts.build).toContain("vite build");
    expect(lastStage.join("\n")).toContain("INTERJECT_WEB_DIR=/app/web");
    expect(lastStage).toContain("COPY --from=build --chown=root:root /src/apps/web/dist ./web");
  });

  it("pins the pnpm version the workspace declares", () => {
    const root = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      packageManager: string;
    };
    expect(dockerfile).toContain(`ARG PNPM_VERSION=${root.packageManager.replace(/^pnpm@/, "")}`);
  });
});

describe("apps/agent/Dockerfile", () => {
  const agent = readFileSync(path.join(REPO_ROOT, "apps/agent/Dockerfile"), "utf8");
  const lines = agent
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const runtime = lines.slice(lines.findLastIndex((l) => l.startsWith("FROM ")));

  it("installs the offline voice's Debian packages (the list scripts/debian-packages.txt keeps) as root, and says so when it cannot", () => {
    const listed = readFileSync(path.join(REPO_ROOT, "scripts/debian-packages.txt"), "utf8")
      .split("\n")
      .filter((l) => /^(espeak|pocketsphinx)/.test(l.trim()))
      .map((l) => l.trim());
    expect(listed).toEqual(["espeak-ng", "pocketsphinx", "pocketsphinx-en-us"]);
    const arg = runtime.find((l) => l.startsWith("ARG VOICE_PACKAGES="));
    expect(arg).toBe(`ARG VOICE_PACKAGES="${listed.join(" ")}"`);
    const install = runtime.findIndex((l) => l.startsWith("RUN ") && l.includes("apt-get install"));
    expect(install).toBeGreaterThan(-1);
    expect(runtime[install]).toContain("$VOICE_PACKAGES");
    expect(runtime[install]).toMatch(/\|\| echo "WARNING: could not install \$VOICE_PACKAGES/);
    expect(install).toBeLessThan(runtime.indexOf("USER node"));
  });
});
