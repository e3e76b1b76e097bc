/**
 * CDK feature flags, set in code rather than cdk.json so that the tests synthesize exactly the template the
 * CLI does. Each one changes generated resources for the better (smaller policies, no implicit open egress).
 */
export const FEATURE_FLAGS: Record<string, boolean> = {
  "@aws-cdk/core:checkSecretUsage": true,
  "@aws-cdk/core:enablePartitionLiterals": true,
  "@aws-cdk/aws-iam:minimizePolicies": true,
  "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true,
  "@aws-cdk/aws-ecs:arnFormatIncludesClusterName": true,
  "@aws-cdk/aws-route53-patters:useCertificate": true,
  "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
  "@aws-cdk/aws-elasticloadbalancingV2:albDualstackWithoutPublicIpv4SecurityGroupRulesDefault": true,
  "@aws-cdk/aws-secretsmanager:useAttachedSecretResourcePolicyForSecretTargetAttachments": true,
};
