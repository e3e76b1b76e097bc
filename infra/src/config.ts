/**
 * Deployment settings, read once from CDK context (`-c key=value` or cdk.json) and validated before any
 * construct is created, so a wrong value stops `cdk synth` with a message naming the context key. Every key
 * and its default is documented in ../README.md ("Configuration").
 */

import { AgentCoreSigningError, parseRuntimeArn } from "@interject/agentcore-sigv4";
import { GATEWAY_ARN, GATEWAY_URL, type McpGatewayConfig, SECRET_ARN } from "./mcp-gateway.ts";
import { AGENT_VOICES, type AgentVoice, DEFAULT_NOVA_SONIC_MODEL_ID } from "./nova-sonic-access.ts";

export type AgentModel = "bedrock" | "offline";

export interface InterjectConfig {
  stackName: string;
  account: string | undefined;
  region: string;
  availabilityZones: string[];
  /** Public host name of the broker, e.g. chat.example.com; the app is served at https://<domainName>. */
  domainName: string;
  /** Route 53 zone to create a DNS-validated certificate and the alias record in (both or neither). */
  hostedZone: { id: string; name: string } | undefined;
  /** An existing ACM certificate for domainName (used when no hosted zone is given). */
  certificateArn: string | undefined;
  adminEmail: string;
  agentModel: AgentModel;
  bedrockModelId: string;
  /** The agent's voice: the offline pipeline in the image, Amazon Nova Sonic (IAM granted), or none. */
  agentVoice: AgentVoice;
  novaSonicModelId: string;
  sessionIdleSeconds: number;
  maxLifetimeSeconds: number;
  urlTtlSeconds: number;
  cognitoDomainPrefix: string | undefined;
  brokerDesiredCount: number;
  dbInstanceType: string;
  dbMultiAz: boolean;
  deletionProtection: boolean;
  albAccessLogs: boolean;
  ingestTokenGeneration: string;
  agentImageUri: string | undefined;
  brokerImageUri: string | undefined;
  /** An AgentCore Gateway whose tools the agent offers (see mcp-gateway.ts). */
  mcpGateway: McpGatewayConfig | undefined;
  /** Runtimes of agents this stack does not deploy, which the broker may reach (see external-runtimes.ts). */
  externalRuntimeArns: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`Invalid context value "${key}": ${detail} (see infra/README.md, Configuration)`);
    this.name = "ConfigError";
  }
}

/** Reads one context value; the CDK hands us strings from `-c` and JSON values from cdk.json. */
export type ContextReader = (key: string) => unknown;

const text = (read: ContextReader, key: string): string | undefined => {
  const v = read(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
    throw new ConfigError(key, "must be a string");
  }
  const s = String(v).trim();
  return s === "" ? undefined : s;
};

const required = (read: ContextReader, key: string, hint: string): string => {
  const v = text(read, key);
  if (v === undefined) throw new ConfigError(key, `is required (${hint})`);
  return v;
};

const int = (read: ContextReader, key: string, fallback: number, min: number, max: number): number => {
  const v = text(read, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max}, got "${v}"`);
  }
  return n;
};

const bool = (read: ContextReader, key: string, fallback: boolean): boolean => {
  const v = text(read, key);
  if (v === undefined) return fallback;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new ConfigError(key, `must be true or false, got "${v}"`);
};

const matching = (read: ContextReader, key: string, re: RegExp, hint: string): string | undefined => {
  const v = text(read, key);
  if (v !== undefined && !re.test(v)) throw new ConfigError(key, `${hint}, got "${v}"`);
  return v;
};

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
export const ECR_URI =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+):([\w.-]{1,128})$/;

/**
 * `externalRuntimeArns`: a JSON array (cdk.json), or a string from `-c`, either a JSON array or ARNs separated
 * by commas. Each is checked with the signer's own rule (@interject/agentcore-sigv4); a repeated ARN counts
 * once. No wildcards: the broker's IAM names each runtime.
 */
function readRuntimeArns(read: ContextReader, key: string): string[] {
  const value = read(key);
  if (value === undefined || value === null) return [];
  let items: unknown = value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") return [];
    if (trimmed.startsWith("[")) {
      try {
        items = JSON.parse(trimmed);
      } catch {
        throw new ConfigError(key, "is not a valid JSON array");
      }
    } else {
      items = trimmed.split(",");
    }
  }
  if (!Array.isArray(items)) {
    throw new ConfigError(key, "must be a list of runtime ARNs (a JSON array, or separated by commas)");
  }
  const arns = new Set<string>();
  for (const item of items) {
    const arn = typeof item === "string" ? item.trim() : "";
    try {
      parseRuntimeArn(arn);
    } catch (error) {
      if (!(error instanceof AgentCoreSigningError)) throw error;
      throw new ConfigError(
        key,
        `"${String(item)}" is not a runtime ARN (arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>)`,
      );
    }
    arns.add(arn);
  }
  return [...arns];
}

/** The `mcpGateway*` keys: an existing AgentCore Gateway for the agent, with SigV4 or OAuth. */
function readMcpGateway(
  read: ContextReader,
  region: string,
  account: string | undefined,
): McpGatewayConfig | undefined {
  const url = matching(
    read,
    "mcpGatewayUrl",
    GATEWAY_URL,
    "must be a Gateway's MCP URL (https://<id>.gateway.bedrock-agentcore.<region>.amazonaws.com/mcp)",
  );
  const keys = [
    "mcpGatewayAuth",
    "mcpGatewayArn",
    "mcpGatewayTokenUrl",
    "mcpGatewayClientId",
    "mcpGatewayClientSecretArn",
    "mcpGatewayClientSecretKey",
    "mcpGatewayScope",
    "mcpGatewayApproval",
  ];
  if (url === undefined) {
    const stray = keys.find((key) => text(read, key) !== undefined);
    if (stray) throw new ConfigError(stray, "needs mcpGatewayUrl");
    return undefined;
  }
  const [, gatewayId = "", gatewayRegion = region] = GATEWAY_URL.exec(url) ?? [];
  let arn = matching(
    read,
    "mcpGatewayArn",
    GATEWAY_ARN,
    "must be a Gateway ARN (arn:aws:bedrock-agentcore:<region>:<account>:gateway/<id>)",
  );
  if (arn === undefined) {
    if (account === undefined)
      throw new ConfigError(
        "mcpGatewayArn",
        "is required when the account is not known (pass -c account=...)",
      );
    const partition = url.endsWith(".amazonaws.com.cn/mcp") ? "aws-cn" : "aws";
    arn = `arn:${partition}:bedrock-agentcore:${gatewayRegion}:${account}:gateway/${gatewayId}`;
  }
  const approval = text(read, "mcpGatewayApproval") ?? "unlessReadOnly";
  if (approval !== "unlessReadOnly" && approval !== "annotations") {
    throw new ConfigError("mcpGatewayApproval", `must be unlessReadOnly or annotations, got "${approval}"`);
  }
  const kind = text(read, "mcpGatewayAuth") ?? "sigv4";
  if (kind === "sigv4") {
    for (const key of [
      "mcpGatewayTokenUrl",
      "mcpGatewayClientId",
      "mcpGatewayClientSecretArn",
      "mcpGatewayScope",
    ]) {
      if (text(read, key) !== undefined) throw new ConfigError(key, "belongs to mcpGatewayAuth=oauth");
    }
    return { url, arn, approval, auth: { kind: "sigv4" } };
  }
  if (kind !== "oauth") throw new ConfigError("mcpGatewayAuth", `must be sigv4 or oauth, got "${kind}"`);
  const tokenUrl = required(read, "mcpGatewayTokenUrl", "the identity provider's token endpoint for oauth");
  if (!/^https:\/\/[^/\s]+\/\S*$/.test(tokenUrl))
    throw new ConfigError("mcpGatewayTokenUrl", "must be an https URL");
  const clientId = required(read, "mcpGatewayClientId", "the app client id for oauth");
  const clientSecretArn =
    matching(
      read,
      "mcpGatewayClientSecretArn",
      SECRET_ARN,
      "must be the complete ARN of a Secrets Manager secret (with its 6-character suffix)",
    ) ??
    required(
      read,
      "mcpGatewayClientSecretArn",
      "the Secrets Manager secret holding the client secret for oauth",
    );
  const clientSecretKey = text(read, "mcpGatewayClientSecretKey");
  const scope = text(read, "mcpGatewayScope");
  return {
    url,
    arn,
    approval,
    auth: {
      kind: "oauth",
      tokenUrl,
      clientId,
      clientSecretArn,
      ...(clientSecretKey ? { clientSecretKey } : {}),
      ...(scope ? { scope } : {}),
    },
  };
}

/** Validates the whole configuration; `env` supplies CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION from the CLI. */
export function readConfig(
  read: ContextReader,
  env: Record<string, string | undefined> = {},
): InterjectConfig {
  const region =
    matching(read, "region", REGION, "must be an AWS region such as us-east-1") ?? env.CDK_DEFAULT_REGION;
  if (region === undefined || !REGION.test(region)) {
    throw new ConfigError("region", "is required: pass -c region=<region> or configure a default AWS region");
  }
  const account =
    matching(read, "account", /^\d{12}$/, "must be a 12-digit account id") ?? env.CDK_DEFAULT_ACCOUNT;
  const azs = text(read, "availabilityZones");
  const availabilityZones = azs ? azs.split(",").map((s) => s.trim()) : [`${region}a`, `${region}b`];
  if (availabilityZones.length < 2 || availabilityZones.some((az) => !az.startsWith(region))) {
    throw new ConfigError("availabilityZones", `needs at least two zones of ${region}, comma-separated`);
  }

  const domainName = required(read, "domainName", "the public host name, e.g. chat.example.com");
  if (!HOST.test(domainName))
    throw new ConfigError("domainName", `must be a lower-case host name, got "${domainName}"`);
  const zoneId = matching(read, "hostedZoneId", /^Z[A-Z0-9]{1,32}$/, "must be a Route 53 zone id (Z...)");
  const zoneName = text(read, "hostedZoneName");
  if ((zoneId === undefined) !== (zoneName === undefined)) {
    throw new ConfigError(
      zoneId === undefined ? "hostedZoneId" : "hostedZoneName",
      "set hostedZoneId and hostedZoneName together",
    );
  }
  if (zoneName !== undefined && !(domainName === zoneName || domainName.endsWith(`.${zoneName}`))) {
    throw new ConfigError("hostedZoneName", `"${zoneName}" does not contain domainName "${domainName}"`);
  }
  const certificateArn = matching(
    read,
    "certificateArn",
    /^arn:aws[a-z-]*:acm:/,
    "must be an ACM certificate ARN",
  );
  if (zoneId === undefined && certificateArn === undefined) {
    throw new ConfigError(
      "hostedZoneId",
      "HTTPS needs a certificate: give hostedZoneId + hostedZoneName, or certificateArn",
    );
  }

  const adminEmail = required(read, "adminEmail", "the e-mail of the first administrator");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail))
    throw new ConfigError("adminEmail", "must be an e-mail address");

  const agentModel = text(read, "agentModel") ?? "bedrock";
  if (agentModel !== "bedrock" && agentModel !== "offline") {
    throw new ConfigError("agentModel", `must be bedrock or offline, got "${agentModel}"`);
  }
  const bedrockModelId =
    matching(
      read,
      "bedrockModelId",
      /^[a-z0-9.:-]{3,200}$/,
      "must be a Bedrock model or inference profile id",
    ) ?? "us.anthropic.claude-haiku-4-5-20251001-v1:0";

  const agentVoice = text(read, "agentVoice") ?? "offline";
  if (!(AGENT_VOICES as readonly string[]).includes(agentVoice)) {
    throw new ConfigError("agentVoice", `must be ${AGENT_VOICES.join(", ")}, got "${agentVoice}"`);
  }
  const novaSonicModelId =
    matching(read, "novaSonicModelId", /^[a-z0-9.:-]{3,200}$/, "must be a Bedrock model id") ??
    DEFAULT_NOVA_SONIC_MODEL_ID;

  const sessionIdleSeconds = int(read, "sessionIdleSeconds", 900, 60, 28_800);
  const maxLifetimeSeconds = int(read, "maxLifetimeSeconds", 28_800, 60, 28_800);
  if (maxLifetimeSeconds < sessionIdleSeconds) {
    throw new ConfigError("maxLifetimeSeconds", "must not be shorter than sessionIdleSeconds");
  }

  return {
    stackName:
      matching(read, "stackName", /^[A-Za-z][A-Za-z0-9-]{0,100}$/, "must be a stack name") ?? "Interject",
    account,
    region,
    availabilityZones,
    domainName,
    hostedZone: zoneId !== undefined && zoneName !== undefined ? { id: zoneId, name: zoneName } : undefined,
    certificateArn,
    adminEmail,
    agentModel,
    bedrockModelId,
    agentVoice: agentVoice as AgentVoice,
    novaSonicModelId,
    sessionIdleSeconds,
    maxLifetimeSeconds,
    urlTtlSeconds: int(read, "urlTtlSeconds", 30, 1, 300),
    cognitoDomainPrefix: matching(
      read,
      "cognitoDomainPrefix",
      /^[a-z0-9](-?[a-z0-9]){0,62}$/,
      "must be lower-case letters, digits and hyphens",
    ),
    brokerDesiredCount: int(read, "brokerDesiredCount", 1, 1, 20),
    dbInstanceType:
      matching(read, "dbInstanceType", /^[a-z0-9]+\.[a-z0-9]+$/, "must look like t4g.micro") ?? "t4g.micro",
    dbMultiAz: bool(read, "dbMultiAz", false),
    deletionProtection: bool(read, "deletionProtection", true),
    albAccessLogs: bool(read, "albAccessLogs", false),
    ingestTokenGeneration:
      matching(read, "ingestTokenGeneration", /^[\w.-]{1,64}$/, "must be a short label") ?? "1",
    agentImageUri: matching(read, "agentImageUri", ECR_URI, "must be an ECR image URI with a tag"),
    brokerImageUri: matching(read, "brokerImageUri", ECR_URI, "must be an ECR image URI with a tag"),
    mcpGateway: readMcpGateway(read, region, account),
    externalRuntimeArns: readRuntimeArns(read, "externalRuntimeArns"),
  };
}
