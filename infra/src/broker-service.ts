/**
 * The broker: one ARM64 Fargate service in the private subnets behind an internet-facing Application Load
 * Balancer that terminates HTTPS (TLS 1.2+/1.3 policy) and redirects HTTP. The agent posts to
 * /internal/v1/* through the same public URL (an AgentCore runtime in public network mode has no fixed
 * addresses to allow-list); the load balancer answers 404 to any /internal/* request that does not carry a
 * bearer token, and the broker checks the token itself. Presigned WebSocket URLs never pass through the load
 * balancer: the browser receives them in a JSON body and opens them against bedrock-agentcore directly.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as ecsPatterns from "aws-cdk-lib/aws-ecs-patterns";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as logs from "aws-cdk-lib/aws-logs";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { InterjectConfig } from "./config.ts";
import { importEcrImage } from "./ecr-image.ts";
import { imageAssetOptions, REPO_ROOT } from "./images.ts";
import { SUBNETS } from "./network.ts";

export const BROKER_PORT = 3000;
export const HEALTH_PATH = "/api/health";

export interface BrokerServiceProps {
  config: InterjectConfig;
  vpc: ec2.IVpc;
  environment: Record<string, string>;
  secrets: Record<string, ecs.Secret>;
}

function certificateFor(
  scope: Construct,
  config: InterjectConfig,
  zone: route53.IHostedZone | undefined,
): acm.ICertificate {
  if (zone !== undefined) {
    return new acm.Certificate(scope, "Certificate", {
      domainName: config.domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
  }
  if (config.certificateArn === undefined) throw new Error("certificateArn or a hosted zone is required");
  return acm.Certificate.fromCertificateArn(scope, "Certificate", config.certificateArn);
}

export class BrokerService extends Construct {
  readonly service: ecsPatterns.ApplicationLoadBalancedFargateService;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BrokerServiceProps) {
    super(scope, id);
    const { config } = props;
    const zone = config.hostedZone
      ? route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
          hostedZoneId: config.hostedZone.id,
          zoneName: config.hostedZone.name,
        })
      : undefined;

    let image: ecs.ContainerImage;
    if (config.brokerImageUri !== undefined) {
      const ref = importEcrImage(this, "Repository", config.brokerImageUri);
      image = ecs.ContainerImage.fromEcrRepository(ref.repository, ref.tag);
    } else {
      image = ecs.ContainerImage.fromAsset(REPO_ROOT, imageAssetOptions("apps/broker/Dockerfile"));
    }

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.service = new ecsPatterns.ApplicationLoadBalancedFargateService(this, "Service", {
      vpc: props.vpc,
      taskSubnets: { subnetGroupName: SUBNETS.app },
      publicLoadBalancer: true,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificate: certificateFor(this, config, zone),
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      redirectHTTP: true,
      ...(zone ? { domainName: config.domainName, domainZone: zone } : {}),
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      desiredCount: config.brokerDesiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      healthCheckGracePeriod: Duration.seconds(120),
      taskImageOptions: {
        image,
        containerName: "broker",
        containerPort: BROKER_PORT,
        environment: props.environment,
        secrets: props.secrets,
        logDriver: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: "broker" }),
      },
      healthCheck: {
        command: [
          "CMD",
          "node",
          "-e",
          `fetch("http://127.0.0.1:${BROKER_PORT}${HEALTH_PATH}").then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });
    this.service.targetGroup.configureHealthCheck({
      path: HEALTH_PATH,
      healthyHttpCodes: "200",
      interval: Duration.seconds(15),
      healthyThresholdCount: 2,
    });
    this.service.targetGroup.setAttribute("deregistration_delay.timeout_seconds", "15");
    // The broker trusts the first X-Forwarded-For hop (INTERJECT_TRUST_PROXY): make the ALB replace any
    // client-sent header with the real client address, so throttling cannot be dodged by spoofing it.
    this.service.loadBalancer.setAttribute("routing.http.xff_header_processing.mode", "replace");
    this.service.loadBalancer.setAttribute("routing.http.drop_invalid_header_fields.enabled", "true");
    this.restrictInternalPaths();
    if (config.albAccessLogs) this.enableAccessLogs();
  }

  /** /internal/* is for the agent only: without `Authorization: Bearer ...` it never reaches the broker. */
  private restrictInternalPaths(): void {
    const internal = elbv2.ListenerCondition.pathPatterns(["/internal/*"]);
    this.service.listener.addAction("InternalWithBearer", {
      priority: 10,
      conditions: [internal, elbv2.ListenerCondition.httpHeader("Authorization", ["Bearer *"])],
      action: elbv2.ListenerAction.forward([this.service.targetGroup]),
    });
    this.service.listener.addAction("InternalWithoutBearer", {
      priority: 20,
      conditions: [internal],
      action: elbv2.ListenerAction.fixedResponse(404, {
        contentType: "application/json",
        messageBody: '{"error":{"code":"not_found","message":"Not found"}}',
      }),
    });
  }

  /**
   * Access logs record each request line with its query string: OIDC callbacks (`?code=&state=`) would be
   * in them, presigned WebSocket URLs never are (they are not requests to this load balancer). Off unless
   * asked for; when on, the bucket is private, encrypted, TLS-only, and keeps 30 days.
   */
  private enableAccessLogs(): void {
    const bucket = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.service.loadBalancer.logAccessLogs(bucket, "alb");
  }
}
