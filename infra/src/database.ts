/**
 * PostgreSQL for the broker: RDS, encrypted at rest, in the isolated subnets, reachable only from the broker
 * tasks' security group, TLS enforced by the engine (rds.force_ssl is on by default from PostgreSQL 15).
 * The broker takes one DATABASE_URL, so a second secret holds the whole URL, assembled by CloudFormation
 * from the generated master secret (dynamic references, never in the template). The generated password
 * avoids every punctuation character, so it needs no escaping inside the URL.
 */
import { Duration, RemovalPolicy, SecretValue } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { SUBNETS } from "./network.ts";

export const DB_NAME = "interject";
export const DB_USER = "interject";
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

export interface DatabaseProps {
  vpc: ec2.IVpc;
  instanceType: string;
  multiAz: boolean;
  deletionProtection: boolean;
}

export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  /** `postgresql://user:password@host:port/interject?sslmode=verify-full` */
  readonly urlSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const credentials = rds.Credentials.fromGeneratedSecret(DB_USER, { excludeCharacters: PUNCTUATION });
    this.instance = new rds.DatabaseInstance(this, "Instance", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(props.instanceType),
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: SUBNETS.data },
      publiclyAccessible: false,
      credentials,
      databaseName: DB_NAME,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      multiAz: props.multiAz,
      backupRetention: Duration.days(7),
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      autoMinorVersionUpgrade: true,
    });
    const secret = this.instance.secret;
    if (secret === undefined) throw new Error("the database instance has no generated secret");
    const password = secret.secretValueFromJson("password").unsafeUnwrap();
    const { hostname, port } = this.instance.instanceEndpoint;
    this.urlSecret = new secretsmanager.Secret(this, "Url", {
      description: "DATABASE_URL for the Interject broker",
      secretStringValue: SecretValue.unsafePlainText(
        `postgresql://${DB_USER}:${password}@${hostname}:${port}/${DB_NAME}?sslmode=verify-full`,
      ),
    });
  }
}
