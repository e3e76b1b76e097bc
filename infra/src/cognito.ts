/**
 * Optional sign-in through a Cognito user pool (context cognitoDomainPrefix): the broker is an OIDC
 * confidential client using the authorization code flow; its client secret is copied into Secrets Manager so
 * the task reads it like every other secret. Members of the "admin" group get the admin role through the
 * `cognito:groups` claim. Self sign-up is off: an administrator invites users in the Cognito console.
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export const ADMIN_GROUP = "admin";
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";

export interface CognitoSignInProps {
  domainPrefix: string;
  publicUrl: string;
  deletionProtection: boolean;
}

export class CognitoSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly clientSecret: secretsmanager.Secret;
  readonly issuer: string;
  readonly redirectUrl: string;

  constructor(scope: Construct, id: string, props: CognitoSignInProps) {
    super(scope, id);
    this.redirectUrl = `${props.publicUrl}${OIDC_CALLBACK_PATH}`;
    this.userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12 },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.deletionProtection,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.userPool.addDomain("Domain", { cognitoDomain: { domainPrefix: props.domainPrefix } });
    new cognito.CfnUserPoolGroup(this, "AdminGroup", {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMIN_GROUP,
      description: "Interject administrators",
    });
    this.client = this.userPool.addClient("Broker", {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.redirectUrl],
        logoutUrls: [`${props.publicUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      preventUserExistenceErrors: true,
    });
    this.clientSecret = new secretsmanager.Secret(this, "ClientSecret", {
      description: "OIDC client secret of the Interject broker (Cognito app client)",
      secretStringValue: this.client.userPoolClientSecret,
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
