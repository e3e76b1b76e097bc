/** drizzle-kit settings: `pnpm db:generate` writes versioned SQL migrations from src/db/schema.ts. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
