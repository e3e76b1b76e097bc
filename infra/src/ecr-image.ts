/**
 * Prebuilt images (agentImageUri / brokerImageUri): turns `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`
 * into an ECR repository reference and a tag, so the CDK grants the pull permission on that repository only.
 */
import { Arn, Aws } from "aws-cdk-lib";
import * as ecr from "aws-cdk-lib/aws-ecr";
import type { Construct } from "constructs";
import { ECR_URI } from "./config.ts";

export function importEcrImage(
  scope: Construct,
  id: string,
  uri: string,
): { repository: ecr.IRepository; tag: string } {
  const m = ECR_URI.exec(uri);
  const [, account, region, name, tag] = m ?? [];
  if (account === undefined || region === undefined || name === undefined || tag === undefined) {
    throw new Error(`not an ECR image URI with a tag: ${uri}`);
  }
  const repositoryArn = Arn.format({
    partition: Aws.PARTITION,
    service: "ecr",
    region,
    account,
    resource: "repository",
    resourceName: name,
  });
  return {
    repository: ecr.Repository.fromRepositoryAttributes(scope, id, { repositoryArn, repositoryName: name }),
    tag,
  };
}
