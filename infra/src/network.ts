/**
 * The VPC: public subnets for the load balancer (and the one NAT gateway), private subnets with egress for
 * the broker tasks (they reach ECR, Secrets Manager, CloudWatch and the OIDC issuer through the NAT), and
 * isolated subnets with no route out for the database.
 */
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { Construct } from "constructs";

export const SUBNETS = {
  public: "public",
  app: "app",
  data: "data",
} as const;

export function createVpc(scope: Construct, availabilityZones: string[]): ec2.Vpc {
  return new ec2.Vpc(scope, "Vpc", {
    availabilityZones,
    natGateways: 1,
    restrictDefaultSecurityGroup: true,
    subnetConfiguration: [
      { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: SUBNETS.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: SUBNETS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
}
