/**
 * Where attachments' bytes live in the deployment (the broker's INTERJECT_ATTACHMENTS_S3_BUCKET): a private
 * bucket (every public access blocked, TLS only, encrypted at rest), kept on stack deletion when deletion
 * protection is on. The broker's task role may read, write and delete objects under ATTACHMENT_PREFIX only,
 * with the three object actions it uses, named one by one.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/** The key prefix the broker writes under (its INTERJECT_ATTACHMENTS_S3_PREFIX). */
export const ATTACHMENT_PREFIX = "attachments/";
export const ATTACHMENT_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

export class AttachmentBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: { deletionProtection: boolean }) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Without deletion protection the stack removes the bucket with it, once it is empty (CloudFormation
      // does not delete objects; no custom resource is added to do it).
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
  }

  grantBroker(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ATTACHMENT_OBJECT_ACTIONS,
      resourceArns: [this.bucket.arnForObjects(`${ATTACHMENT_PREFIX}*`)],
    });
  }
}
