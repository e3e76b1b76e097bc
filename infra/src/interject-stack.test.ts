/**
 * Assertions on the synthesized template: the AgentCore runtime and its settings, least-privilege IAM,
 * encryption at rest, the database's isolation, HTTPS on the load balancer, and how secrets reach the two
 * containers.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ATTACHMENT_OBJECT_ACTIONS } from "./attachment-bucket.ts";
import { BEDROCK_STREAM_ACTION } from "./bedrock-model-access.ts";
import { DEFAULT_NOVA_SONIC_MODEL_ID, NOVA_SONIC_ACTION } from "./nova-sonic-access.ts";
import { STOP_SESSION_ACTION } from "./session-stop-grant.ts";
import {
  actionsOf,
  allStatements,
  getAttOf,
  type Resources,
  refOf,
  resourcesOf,
  synthTemplate,
} from "./testing/synth-stack.ts";
import { WEBSOCKET_STREAM_ACTION } from "./websocket-grant.ts";

let fx: ReturnType<typeof synthTemplate>;
let resources: Resources;
beforeAll(() => {
  fx = synthTemplate();
  resources = fx.template.toJSON().Resources;
});

const idsOf = (type: string): string[] => Object.keys(resources).filter((k) => resources[k]?.Type === type);
const idOf = (type: string, like = ""): string => {
  const ids = idsOf(type).filter((k) => k.includes(like));
  expect(ids, `${type} ${like}`).toHaveLength(1);
  return ids[0] as string;
};
const propsOf = (id: string) => resources[id]?.Properties ?? {};
const runtimeProps = () => propsOf(idOf("AWS::BedrockAgentCore::Runtime"));

interface ContainerDef {
  Environment: { Name: string; Value: unknown }[];
  Secrets: { Name: string; ValueFrom: unknown }[];
  PortMappings: { ContainerPort: number }[];
}
const brokerContainer = (): ContainerDef => {
  const defs = propsOf(idOf("AWS::ECS::TaskDefinition")).ContainerDefinitions as ContainerDef[];
  expect(defs).toHaveLength(1);
  return defs[0] as ContainerDef;
};

describe("AgentCore runtime", () => {
  it("runs the agent image over HTTP with SigV4 auth, public network and the lifecycle limits", () => {
    fx.template.hasResourceProperties("AWS::BedrockAgentCore::Runtime", {
      AgentRuntimeName: "Interject_agent",
      ProtocolConfiguration: "HTTP",
      NetworkConfiguration: { NetworkMode: "PUBLIC" },
      LifecycleConfiguration: { IdleRuntimeSessionTimeout: 900, MaxLifetime: 28_800 },
      AgentRuntimeArtifact: { ContainerConfiguration: { ContainerUri: Match.anyValue() } },
      RoleArn: { "Fn::GetAtt": [Match.stringLikeRegexp("ExecutionRole"), "Arn"] },
    });
    // No JWT authorizer: the runtime accepts SigV4 only, i.e. the broker's presigned URLs.
    expect(runtimeProps().AuthorizerConfiguration).toBeUndefined();
  });

  it("configures the model, the broker URL and the ingest token as a Secrets Manager reference", () => {
    const env = runtimeProps().EnvironmentVariables as Record<string, unknown>;
    expect(env).toMatchObject({
      AGENT_MODEL: "bedrock",
      AGENT_BEDROCK_MODEL_ID: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      AGENT_BEDROCK_REGION: "eu-west-1",
      AGENT_SESSION_IDLE_SECONDS: "900",
      BROKER_INGEST_URL: "https://chat.example.com",
    });
    expect(env.BROKER_INGEST_TOKEN).toEqual({
      "Fn::Join": [
        "",
        [
          "{{resolve:secretsmanager:",
          { Ref: idOf("AWS::SecretsManager::Secret", "IngestToken") },
          ":SecretString:::}}",
        ],
      ],
    });
  });

  it("follows the lifecycle and model settings from context", () => {
    const { template } = synthTemplate({
      sessionIdleSeconds: "300",
      maxLifetimeSeconds: "3600",
      agentModel: "offline",
      bedrockModelId: "amazon.nova-lite-v1:0",
    });
    template.hasResourceProperties("AWS::BedrockAgentCore::Runtime", {
      LifecycleConfiguration: { IdleRuntimeSessionTimeout: 300, MaxLifetime: 3600 },
      EnvironmentVariables: Match.objectLike({
        AGENT_MODEL: "offline",
        AGENT_SESSION_IDLE_SECONDS: "300",
        AGENT_BEDROCK_MODEL_ID: "amazon.nova-lite-v1:0",
      }),
    });
  });
});

describe("IAM", () => {
  const statements = () => allStatements(resources);

  it("lets the agent's role speak through Nova Sonic only with agentVoice=nova-sonic: one action, the one model", () => {
    const voiceGrants = (r: Resources) =>
      allStatements(r).filter(({ statement }) => actionsOf(statement).includes(NOVA_SONIC_ACTION));
    expect(voiceGrants(resources)).toEqual([]);
    expect((runtimeProps().EnvironmentVariables as Record<string, unknown>).AGENT_VOICE).toBe("offline");
    const { template } = synthTemplate({ agentVoice: "nova-sonic" });
    const nova = template.toJSON().Resources as Resources;
    const runtimeId = Object.keys(nova).find((k) => nova[k]?.Type === "AWS::BedrockAgentCore::Runtime") ?? "";
    const runtime = nova[runtimeId]?.Properties ?? {};
    expect(runtime.EnvironmentVariables).toMatchObject({
      AGENT_VOICE: "nova-sonic",
      AGENT_NOVA_SONIC_MODEL_ID: DEFAULT_NOVA_SONIC_MODEL_ID,
      AGENT_NOVA_SONIC_REGION: "eu-west-1",
    });
    const grants = voiceGrants(nova);
    expect(grants).toHaveLength(1);
    const [grant] = grants;
    if (!grant) throw new Error("no Nova Sonic grant");
    expect(actionsOf(grant.statement)).toEqual([NOVA_SONIC_ACTION]);
    const role = (runtime.RoleArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const roles = nova[grant.owner]?.Properties?.Roles as { Ref: string }[] | undefined;
    expect(roles?.map((r) => r.Ref)).toEqual([role]);
    const targets = resourcesOf(grant.statement);
    expect(targets).toHaveLength(1);
    expect(JSON.stringify(targets[0])).toContain(`::foundation-model/${DEFAULT_NOVA_SONIC_MODEL_ID}`);
  });

  it("grants no wildcard action anywhere", () => {
    for (const { owner, statement } of statements()) {
      for (const action of actionsOf(statement)) {
        expect(action, owner).not.toBe("*");
        expect(action, owner).not.toMatch(/^(bedrock|bedrock-agentcore|secretsmanager|rds|iam):\*$/);
      }
    }
  });

  it("lets only the agent's role call Bedrock, only to stream, only from the configured model", () => {
    const bedrock = statements().filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith("bedrock:")),
    );
    expect(bedrock.length).toBeGreaterThan(0);
    const runtimeRole = (runtimeProps().RoleArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    for (const { owner, statement } of bedrock) {
      expect(actionsOf(statement)).toEqual([BEDROCK_STREAM_ACTION]);
      expect((propsOf(owner).Roles as { Ref: string }[]).map((r) => r.Ref)).toEqual([runtimeRole]);
      for (const r of resourcesOf(statement)) {
        expect(r).not.toBe("*");
        expect(JSON.stringify(r)).toContain("claude-haiku-4-5-20251001-v1:0");
      }
    }
    const modelGrant = bedrock.find(({ statement }) =>
      JSON.stringify(statement.Resource).includes("foundation-model"),
    );
    expect(modelGrant?.statement.Condition?.ArnEquals?.["bedrock:InferenceProfileArn"]).toBeDefined();
  });

  it("gives the broker WebSocket invoke and StopRuntimeSession on exactly the external runtimes listed, and their endpoints", () => {
    const external = [
      "arn:aws:bedrock-agentcore:eu-west-1:111122223333:runtime/team_agent-AbCdEf1234",
      "arn:aws:bedrock-agentcore:us-east-1:444455556666:runtime/other_agent-ZyXwVu9876",
    ];
    const withExternal = synthTemplate({ externalRuntimeArns: external.join(",") });
    const resourcesWith = withExternal.template.toJSON().Resources as Resources;
    const all = allStatements(resourcesWith);
    const taskDefinition = Object.values(resourcesWith).find((r) => r.Type === "AWS::ECS::TaskDefinition");
    const taskRole = getAttOf(taskDefinition?.Properties?.TaskRoleArn);
    const holders = (owner: string) =>
      ((resourcesWith[owner]?.Properties?.Roles as { Ref: string }[] | undefined) ?? []).map((r) => r.Ref);
    // The CDK may merge these into the built-in runtime's statement: what counts is each ARN's actions and holder.
    const named = all.flatMap(({ owner, statement }) =>
      resourcesOf(statement)
        .filter((r): r is string => typeof r === "string" && r.includes(":runtime/"))
        .map((arn) => ({
          arn,
          actions: actionsOf(statement).sort(),
          roles: holders(owner),
          effect: statement.Effect,
        })),
    );
    expect(named.map((n) => n.arn).sort()).toEqual(external.flatMap((arn) => [arn, `${arn}/*`]).sort());
    for (const n of named) {
      expect(n.effect).toBe("Allow");
      expect(n.actions).toEqual([STOP_SESSION_ACTION, WEBSOCKET_STREAM_ACTION].sort());
      expect(n.roles).toEqual([taskRole]);
    }
    // Nothing wider: no wildcard runtime, no InvokeAgentRuntime (the broker only presigns WebSocket URLs).
    for (const { statement } of all) {
      const actions = actionsOf(statement);
      expect(actions).not.toContain("bedrock-agentcore:InvokeAgentRuntime");
      if (!actions.some((a) => a === WEBSOCKET_STREAM_ACTION || a === STOP_SESSION_ACTION)) continue;
      expect(resourcesOf(statement)).not.toContain("*");
      for (const r of resourcesOf(statement))
        if (typeof r === "string") expect(r).not.toMatch(/:runtime\/\*$/);
    }
  });

  it("grants nothing on other runtimes when no external runtime is listed", () => {
    const onNamedRuntimes = statements().filter(({ statement }) =>
      resourcesOf(statement).some((r) => typeof r === "string" && r.includes(":runtime/")),
    );
    expect(onNamedRuntimes).toEqual([]);
  });

  it("gives the broker's task role WebSocket invoke and StopRuntimeSession on exactly this runtime, and nothing else", () => {
    const runtimeId = idOf("AWS::BedrockAgentCore::Runtime");
    const arn = { "Fn::GetAtt": [runtimeId, "AgentRuntimeArn"] };
    const taskRole = (propsOf(idOf("AWS::ECS::TaskDefinition")).TaskRoleArn as { "Fn::GetAtt": [string] })[
      "Fn::GetAtt"
    ][0];
    // The attachment bucket's object grant is checked in its own test below.
    const ownedByTaskRole = statements().filter(
      ({ owner, statement }) =>
        ((propsOf(owner).Roles as { Ref: string }[] | undefined) ?? []).some((r) => r.Ref === taskRole) &&
        !actionsOf(statement).some((a) => a.startsWith("s3:")),
    );
    expect(ownedByTaskRole.length).toBeGreaterThan(0);
    for (const { statement } of ownedByTaskRole) {
      expect(statement.Effect).toBe("Allow");
      expect(statement.Resource).toEqual([arn, { "Fn::Join": ["", [arn, "/*"]] }]);
    }
    expect(ownedByTaskRole.flatMap(({ statement }) => actionsOf(statement)).sort()).toEqual(
      [STOP_SESSION_ACTION, WEBSOCKET_STREAM_ACTION].sort(),
    );
    // No other role may invoke or stop this runtime's sessions.
    const elsewhere = statements().filter(
      ({ owner, statement }) =>
        !ownedByTaskRole.some((t) => t.owner === owner) &&
        actionsOf(statement).some((a) => a === STOP_SESSION_ACTION || a === WEBSOCKET_STREAM_ACTION),
    );
    expect(elsewhere).toEqual([]);
  });

  it("lets the task execution role read exactly the broker's secrets", () => {
    const reads = statements().filter(({ statement }) =>
      actionsOf(statement).includes("secretsmanager:GetSecretValue"),
    );
    expect(new Set(reads.map((r) => r.owner)).size).toBe(1);
    expect(reads[0]?.owner).toContain("ExecutionRole");
    const refs = reads.flatMap((r) => resourcesOf(r.statement)).map((r) => (r as { Ref: string }).Ref);
    expect(refs.sort()).toEqual(
      [
        idOf("AWS::SecretsManager::Secret", "AdminPassword"),
        idOf("AWS::SecretsManager::Secret", "DatabaseUrl"),
        idOf("AWS::SecretsManager::Secret", "IngestToken"),
      ].sort(),
    );
  });
});

describe("PostgreSQL", () => {
  it("is encrypted, private, backed up and protected from deletion", () => {
    fx.template.hasResourceProperties("AWS::RDS::DBInstance", {
      Engine: "postgres",
      EngineVersion: Match.stringLikeRegexp("^17"),
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
      BackupRetentionPeriod: 7,
      DBName: "interject",
      MasterUsername: "interject",
    });
    fx.template.hasResource("AWS::RDS::DBInstance", { DeletionPolicy: "Snapshot" });
  });

  it("lives in subnets with no route out of the VPC", () => {
    const subnetIds = (propsOf(idOf("AWS::RDS::DBSubnetGroup")).SubnetIds as unknown[]).map(refOf);
    expect(subnetIds).toHaveLength(2);
    for (const subnet of subnetIds) {
      expect(propsOf(subnet).MapPublicIpOnLaunch).toBe(false);
      const tables = idsOf("AWS::EC2::SubnetRouteTableAssociation")
        .map((id) => propsOf(id))
        .filter((p) => refOf(p.SubnetId) === subnet)
        .map((p) => refOf(p.RouteTableId));
      expect(tables).toHaveLength(1);
      const routes = idsOf("AWS::EC2::Route").filter((id) =>
        tables.includes(refOf(propsOf(id).RouteTableId)),
      );
      expect(routes, `routes of ${subnet}`).toEqual([]);
    }
  });

  it("accepts connections from the broker tasks only", () => {
    const dbSgs = (propsOf(idOf("AWS::RDS::DBInstance")).VPCSecurityGroups as unknown[]).map(getAttOf);
    expect(dbSgs).toHaveLength(1);
    const ingress = idsOf("AWS::EC2::SecurityGroupIngress")
      .map((id) => propsOf(id))
      .filter((p) => dbSgs.includes(getAttOf(p.GroupId)));
    expect(ingress).toHaveLength(1);
    const network = propsOf(idOf("AWS::ECS::Service")).NetworkConfiguration as {
      AwsvpcConfiguration: { SecurityGroups: unknown[] };
    };
    const serviceSgs = network.AwsvpcConfiguration.SecurityGroups.map(getAttOf);
    for (const rule of ingress) {
      expect(serviceSgs).toContain(getAttOf(rule.SourceSecurityGroupId));
      expect(rule.CidrIp).toBeUndefined();
    }
  });
});

describe("secrets wiring", () => {
  it("injects the broker's secrets from Secrets Manager, never as plain environment", () => {
    const c = brokerContainer();
    const secretRef = (name: string) => c.Secrets.find((s) => s.Name === name)?.ValueFrom;
    expect(secretRef("DATABASE_URL")).toEqual({ Ref: idOf("AWS::SecretsManager::Secret", "DatabaseUrl") });
    expect(secretRef("BROKER_INGEST_TOKEN")).toEqual({
      Ref: idOf("AWS::SecretsManager::Secret", "IngestToken"),
    });
    expect(secretRef("INTERJECT_ADMIN_PASSWORD")).toEqual({
      Ref: idOf("AWS::SecretsManager::Secret", "AdminPassword"),
    });
    const envNames = c.Environment.map((e) => e.Name);
    for (const name of [
      "DATABASE_URL",
      "BROKER_INGEST_TOKEN",
      "INTERJECT_ADMIN_PASSWORD",
      "INTERJECT_OIDC_CLIENT_SECRET",
    ]) {
      expect(envNames).not.toContain(name);
    }
  });

  it("builds DATABASE_URL from the generated master password, with TLS verification", () => {
    const url = JSON.stringify(propsOf(idOf("AWS::SecretsManager::Secret", "DatabaseUrl")).SecretString);
    expect(url).toContain("postgresql://interject:{{resolve:secretsmanager:");
    expect(url).toContain(":SecretString:password::}}@");
    expect(url).toContain("/interject?sslmode=verify-full");
  });

  it("points the broker at this runtime in AWS", () => {
    const env = Object.fromEntries(brokerContainer().Environment.map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({
      PORT: "3000",
      AGENTCORE_ENDPOINT: "aws",
      AGENTCORE_RUNTIME_ARN: { "Fn::GetAtt": [idOf("AWS::BedrockAgentCore::Runtime"), "AgentRuntimeArn"] },
      AWS_REGION: "eu-west-1",
      INTERJECT_PUBLIC_URL: "https://chat.example.com",
      INTERJECT_ADMIN_EMAIL: "admin@example.com",
      INTERJECT_URL_TTL_SECONDS: "30",
      INTERJECT_TRUST_PROXY: "true",
    });
    expect(env.INTERJECT_OIDC_ISSUER).toBeUndefined();
  });
});

describe("load balancer", () => {
  it("serves HTTPS with a TLS 1.2+ policy and redirects HTTP", () => {
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Protocol: "HTTPS",
      Port: 443,
      SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      Certificates: [{ CertificateArn: { Ref: idOf("AWS::CertificateManager::Certificate") } }],
    });
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: "redirect", RedirectConfig: Match.objectLike({ Protocol: "HTTPS" }) }),
      ],
    });
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      HealthCheckPath: "/api/health",
      TargetType: "ip",
    });
    fx.template.hasResourceProperties("AWS::Route53::RecordSet", { Name: "chat.example.com.", Type: "A" });
  });

  it("replaces client-sent X-Forwarded-For, which the broker trusts for throttling", () => {
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
      LoadBalancerAttributes: Match.arrayWith([
        { Key: "routing.http.xff_header_processing.mode", Value: "replace" },
        { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
      ]),
    });
  });

  it("turns away /internal/* requests without a bearer token", () => {
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Priority: 10,
      Conditions: Match.arrayWith([
        { Field: "path-pattern", PathPatternConfig: { Values: ["/internal/*"] } },
        { Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "Authorization", Values: ["Bearer *"] } },
      ]),
      Actions: [Match.objectLike({ Type: "forward" })],
    });
    fx.template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Priority: 20,
      Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/internal/*"] } }],
      Actions: [
        Match.objectLike({
          Type: "fixed-response",
          FixedResponseConfig: Match.objectLike({ StatusCode: "404" }),
        }),
      ],
    });
  });

  it("keeps no access logs unless asked, and then in a private encrypted bucket", () => {
    // The one bucket without access logs is the attachments' (tested below).
    fx.template.resourceCountIs("AWS::S3::Bucket", 1);
    const { template } = synthTemplate({ albAccessLogs: "true" });
    template.resourceCountIs("AWS::S3::Bucket", 2);
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: "Enabled" })] },
    });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      LoadBalancerAttributes: Match.arrayWith([{ Key: "access_logs.s3.enabled", Value: "true" }]),
    });
  });

  it("uses an existing certificate and no DNS records when given certificateArn", () => {
    const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0000";
    const { template } = synthTemplate({
      hostedZoneId: undefined,
      hostedZoneName: undefined,
      certificateArn,
    });
    template.resourceCountIs("AWS::CertificateManager::Certificate", 0);
    template.resourceCountIs("AWS::Route53::RecordSet", 0);
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: certificateArn }],
    });
  });
});

describe("Cognito sign-in", () => {
  it("is off by default", () => {
    fx.template.resourceCountIs("AWS::Cognito::UserPool", 0);
  });

  it("wires an OIDC confidential client into the broker when cognitoDomainPrefix is set", () => {
    const { template } = synthTemplate({ cognitoDomainPrefix: "interject-example" });
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: "ACTIVE",
    });
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: true,
      AllowedOAuthFlows: ["code"],
      CallbackURLs: ["https://chat.example.com/api/auth/oidc/callback"],
    });
    template.hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: "admin" });
    const json = template.toJSON();
    const res = json.Resources as Resources;
    const task = Object.values(res).find((r) => r.Type === "AWS::ECS::TaskDefinition");
    const [c] = (task?.Properties?.ContainerDefinitions ?? []) as ContainerDef[];
    const env = Object.fromEntries((c?.Environment ?? []).map((e) => [e.Name, e.Value]));
    expect(env.INTERJECT_OIDC_REDIRECT_URL).toBe("https://chat.example.com/api/auth/oidc/callback");
    expect(JSON.stringify(env.INTERJECT_OIDC_ISSUER)).toContain(
      "https://cognito-idp.eu-west-1.amazonaws.com/",
    );
    expect(env.INTERJECT_OIDC_CLIENT_ID).toBeDefined();
    expect(env).toMatchObject({
      INTERJECT_OIDC_ADMIN_CLAIM: "cognito:groups",
      INTERJECT_OIDC_ADMIN_VALUE: "admin",
    });
    const secret = c?.Secrets.find((s) => s.Name === "INTERJECT_OIDC_CLIENT_SECRET")?.ValueFrom as {
      Ref: string;
    };
    expect(res[secret.Ref]?.Type).toBe("AWS::SecretsManager::Secret");
  });
});

describe("broker container", () => {
  it("runs on ARM64 Fargate in the private subnets, port 3000, logs kept a month", () => {
    fx.template.hasResourceProperties("AWS::ECS::TaskDefinition", {
      RuntimePlatform: { CpuArchitecture: "ARM64", OperatingSystemFamily: "LINUX" },
      RequiresCompatibilities: ["FARGATE"],
    });
    expect(brokerContainer().PortMappings[0]?.ContainerPort).toBe(3000);
    fx.template.hasResourceProperties("AWS::ECS::Service", {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: "DISABLED" }) },
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    fx.template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });
});

describe("attachments bucket", () => {
  it("is private, TLS-only and encrypted, and the broker's task role alone may read, write and delete its objects", () => {
    const bucketId = idOf("AWS::S3::Bucket");
    fx.template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    const policy = JSON.stringify(propsOf(idOf("AWS::S3::BucketPolicy")).PolicyDocument);
    expect(policy).toContain('"aws:SecureTransport":"false"');
    const env = Object.fromEntries(brokerContainer().Environment.map((e) => [e.Name, e.Value]));
    expect(refOf(env.INTERJECT_ATTACHMENTS_S3_BUCKET)).toBe(bucketId);
    expect(env.INTERJECT_ATTACHMENTS_S3_PREFIX).toBe("attachments/");
    const taskRole = (propsOf(idOf("AWS::ECS::TaskDefinition")).TaskRoleArn as { "Fn::GetAtt": [string] })[
      "Fn::GetAtt"
    ][0];
    const s3 = allStatements(resources).filter(
      ({ statement }) =>
        actionsOf(statement).some((a) => a.startsWith("s3:")) && statement.Effect === "Allow",
    );
    expect(s3).toHaveLength(1);
    const [grant] = s3;
    expect((propsOf(grant?.owner ?? "").Roles as { Ref: string }[]).map((r) => r.Ref)).toEqual([taskRole]);
    if (!grant) throw new Error("no S3 grant");
    expect(actionsOf(grant.statement).sort()).toEqual([...ATTACHMENT_OBJECT_ACTIONS].sort());
    expect(JSON.stringify(grant.statement.Resource)).toContain("/attachments/*");
  });
});
