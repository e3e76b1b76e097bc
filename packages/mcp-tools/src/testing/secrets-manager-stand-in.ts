/**
 * A local stand-in for AWS Secrets Manager's GetSecretValue (the awsJson1_1 protocol the SDK speaks), for
 * the Gateway client-secret test: no network here reaches AWS. It verifies each request's SigV4 signature
 * (service secretsmanager) with @interject/agentcore-sigv4's verifier before answering.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyAgentCoreRequest } from "@interject/agentcore-sigv4";

export const TEST_AWS_KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "test-session-token-0123456789",
};

export interface SecretsManagerStandIn {
  endpoint: string;
  /** Requests answered (after a good signature). */
  served: number;
  close(): Promise<void>;
}

export async function startSecretsManager(
  region: string,
  secrets: Record<string, string>,
): Promise<SecretsManagerStandIn> {
  const state: SecretsManagerStandIn = { endpoint: "", served: 0, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const verified = await verifyAgentCoreRequest(
      { method: req.method ?? "POST", url: req.url ?? "/", headers: req.headersDistinct, body },
      {
        service: "secretsmanager",
        region,
        credentials: (id) =>
          id === TEST_AWS_KEY.accessKeyId
            ? { secretAccessKey: TEST_AWS_KEY.secretAccessKey, sessionToken: TEST_AWS_KEY.sessionToken }
            : undefined,
      },
    );
    const reply = (status: number, value: object) =>
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(value));
    if (!verified.ok) return reply(403, { __type: "InvalidSignatureException", message: verified.message });
    if (req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue") {
      return reply(400, { __type: "InvalidRequestException", message: "only GetSecretValue here" });
    }
    const { SecretId } = JSON.parse(body) as { SecretId: string };
    const secret = secrets[SecretId];
    if (secret === undefined)
      return reply(400, {
        __type: "ResourceNotFoundException",
        message: "Secrets Manager can't find the specified secret.",
      });
    state.served++;
    return reply(200, {
      ARN: SecretId,
      Name: SecretId.split(":").pop(),
      SecretString: secret,
      VersionId: "v1",
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
