/**
 * The key store agentcore-local verifies against: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN) when set, otherwise the local pair shared with the broker in INTERJECT_DATA_DIR.
 */
import { type CredentialStore, loadOrCreateLocalCredentials } from "@interject/agentcore-sigv4";
import type { Env } from "./env.ts";

export async function loadCredentialStore(env: Env): Promise<{ store: CredentialStore; source: string }> {
  const pair: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : await loadOrCreateLocalCredentials(env.INTERJECT_DATA_DIR);
  const source = env.AWS_ACCESS_KEY_ID ? "environment" : "data directory";
  const store: CredentialStore = (id) =>
    id === pair.accessKeyId
      ? {
          secretAccessKey: pair.secretAccessKey,
          ...(pair.sessionToken ? { sessionToken: pair.sessionToken } : {}),
        }
      : undefined;
  return { store, source };
}
