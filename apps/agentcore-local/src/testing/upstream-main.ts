/** Runs the test upstream as a process on $PORT: the per-session isolation test starts one per session. */
import { startUpstream } from "./upstream-server.ts";

const upstream = await startUpstream(Number(process.env.PORT ?? 0));
process.on("SIGTERM", () => {
  void upstream.close().then(() => process.exit(0));
});
