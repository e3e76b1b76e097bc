/**
 * @interject/mcp-tools/testing: the real MCP servers from npm that tests start (server-everything over stdio
 * or Streamable HTTP, server-filesystem on a folder), a wiretap on a stdio server, and waiting for a status.
 */
export {
  EVERYTHING_BIN,
  everythingStdio,
  FILESYSTEM_BIN,
  filesystemStdio,
  freePort,
  type RunningHttpServer,
  startEverythingHttp,
} from "./mcp-servers.ts";
export { waitForStatus } from "./wait.ts";
export { type WireMessage, type Wiretap, wiretap } from "./wiretap.ts";
