// After bundling: copy what dist/main.js reads at run time beside it, so dist/ is self-contained:
// the SQL migrations (dist/drizzle) and the common-password list (dist/data).
import { cpSync, mkdirSync } from "node:fs";

mkdirSync("dist/data", { recursive: true });
cpSync("src/auth/data/common-passwords.txt", "dist/data/common-passwords.txt");
cpSync("drizzle", "dist/drizzle", { recursive: true });
