/**
 * The whole deployment in one stack: VPC, PostgreSQL, the secrets, the agent on AgentCore Runtime, the broker
 * on Fargate behind HTTPS, the attachments bucket, and optionally a Cognito user pool for OIDC sign-in. Each part lives in its own
 * file; this one wires the settings between them (see README.md for what each setting means).
 */
import { CfnOutput, Stack, type StackProps, Tags } from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { AgentRuntime } from "./agent-runtime.ts";
import { ATTACHMENT_PREFIX, AttachmentBucket } from "./attachment-bucket.ts";
import { BROKER_PORT, BrokerService } from "./broker-service.ts";
import { ADMIN_GROUP, CognitoSignIn } from "./cognito.ts";
import type { InterjectConfig } from "./config.ts";
import { Database } from "./database.ts";
import { grantExternalRuntimes } from "./external-runtimes.ts";
import { createVpc } from "./network.ts";
import { grantStopRuntimeSession } from "./session-stop-grant.ts";
import { grantInvokeWithWebSocketStream } from "./websocket-grant.ts";

export interface InterjectStackProps extends StackProps {
  config: InterjectConfig;
}

export class InterjectStack extends Stack {
  readonly agent: AgentRuntime;
  readonly broker: BrokerService;
  readonly database: Database;
  readonly ingestToken: secretsmanager.Secret;
  readonly adminPassword: secretsmanager.Secret;
  readonly cognito: CognitoSignIn | undefined;
  readonly attachments: AttachmentBucket;

  constructor(scope: Construct, id: string, props: InterjectStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add("app", "interject");
    const publicUrl = `https://${config.domainName}`;

    const vpc = createVpc(this, config.availabilityZones);
    this.database = new Database(this, "Database", {
      vpc,
      instanceType: config.dbInstanceType,
      multiAz: config.dbMultiAz,
      deletionProtection: config.deletionProtection,
    });
    this.ingestToken = new secretsmanager.Secret(this, "IngestToken", {
      description: "Bearer token the agent presents to the broker's /internal/v1 API (BROKER_INGEST_TOKEN)",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.adminPassword = new secretsmanager.Secret(this, "AdminPassword", {
      description: "Initial password of the first Interject administrator (INTERJECT_ADMIN_PASSWORD)",
      generateSecretString: { passwordLength: 24, excludePunctuation: true },
    });
    this.cognito =
      config.cognitoDomainPrefix !== undefined
        ? new CognitoSignIn(this, "SignIn", {
            domainPrefix: config.cognitoDomainPrefix,
            publicUrl,
            deletionProtection: config.deletionProtection,
          })
        : undefined;

    this.agent = new AgentRuntime(this, "Agent", {
      config,
      brokerUrl: publicUrl,
      ingestToken: this.ingestToken,
    });
    const runtime = this.agent.runtime;
    this.attachments = new AttachmentBucket(this, "Attachments", {
      deletionProtection: config.deletionProtection,
    });

    const environment: Record<string, string> = {
      PORT: String(BROKER_PORT),
      LOG_LEVEL: "info",
      // The ALB is the only way in and appends the client address to X-Forwarded-For (used for throttling).
      INTERJECT_TRUST_PROXY: "true",
      INTERJECT_PUBLIC_URL: publicUrl,
      INTERJECT_ADMIN_EMAIL: config.adminEmail,
      INTERJECT_URL_TTL_SECONDS: String(config.urlTtlSeconds),
      AGENTCORE_ENDPOINT: "aws",
      AGENTCORE_RUNTIME_ARN: runtime.agentRuntimeArn,
      AWS_REGION: config.region,
      INTERJECT_INGEST_TOKEN_GENERATION: config.ingestTokenGeneration,
      INTERJECT_ATTACHMENTS_S3_BUCKET: this.attachments.bucket.bucketName,
      INTERJECT_ATTACHMENTS_S3_PREFIX: ATTACHMENT_PREFIX,
    };
    const secrets: Record<string, ecs.Secret> = {
      DATABASE_URL: ecs.Secret.fromSecretsManager(this.database.urlSecret),
      BROKER_INGEST_TOKEN: ecs.Secret.fromSecretsManager(this.ingestToken),
      INTERJECT_ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(this.adminPassword),
    };
    if (this.cognito !== undefined) {
      environment.INTERJECT_OIDC_ISSUER = this.cognito.issuer;
      environment.INTERJECT_OIDC_CLIENT_ID = this.cognito.client.userPoolClientId;
      environment.INTERJECT_OIDC_REDIRECT_URL = this.cognito.redirectUrl;
      environment.INTERJECT_OIDC_ADMIN_CLAIM = "cognito:groups";
      environment.INTERJECT_OIDC_ADMIN_VALUE = ADMIN_GROUP;
      secrets.INTERJECT_OIDC_CLIENT_SECRET = ecs.Secret.fromSecretsManager(this.cognito.clientSecret);
    }

    this.broker = new BrokerService(this, "Broker", { config, vpc, environment, secrets });
    const service = this.broker.service.service;
    this.database.instance.connections.allowDefaultPortFrom(service, "broker tasks");
    grantInvokeWithWebSocketStream(runtime, this.broker.service.taskDefinition.taskRole);
    grantStopRuntimeSession(runtime, this.broker.service.taskDefinition.taskRole);
    this.attachments.grantBroker(this.broker.service.taskDefinition.taskRole);
    // Agents of other teams, registered in the console: the same two actions, on exactly their runtimes.
    grantExternalRuntimes(config.externalRuntimeArns, this.broker.service.taskDefinition.taskRole);

    new CfnOutput(this, "Url", { value: publicUrl, description: "Open this in a browser" });
    new CfnOutput(this, "LoadBalancerDnsName", {
      value: this.broker.service.loadBalancer.loadBalancerDnsName,
      description: "Point domainName here (CNAME or alias) when you brought your own certificate",
    });
    new CfnOutput(this, "AgentRuntimeArn", { value: runtime.agentRuntimeArn });
    new CfnOutput(this, "AdminPasswordSecretArn", {
      value: this.adminPassword.secretArn,
      description:
        "aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text",
    });
    new CfnOutput(this, "IngestTokenSecretArn", { value: this.ingestToken.secretArn });
    new CfnOutput(this, "BrokerLogGroup", { value: this.broker.logGroup.logGroupName });
    if (this.cognito !== undefined) {
      new CfnOutput(this, "UserPoolId", { value: this.cognito.userPool.userPoolId });
    }
  }
}
