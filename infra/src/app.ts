/**
 * Builds the CDK app from context: used by bin/interject.ts (the `cdk` entry point) and by the tests, which
 * synthesize exactly what `cdk synth` would.
 */
import { App, type AppProps } from "aws-cdk-lib";
import { readConfig } from "./config.ts";
import { FEATURE_FLAGS } from "./feature-flags.ts";
import { InterjectStack } from "./interject-stack.ts";

export function createApp(props: AppProps = {}, env: Record<string, string | undefined> = process.env) {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const config = readConfig((key) => app.node.tryGetContext(key), env);
  // The zones are configuration, not something to look up: answering the CDK's availability-zone lookup
  // here keeps `cdk synth` offline (no AWS credentials) and the template independent of the caller.
  const azLookup = `availability-zones:account=${config.account}:region=${config.region}`;
  if (config.account !== undefined && app.node.tryGetContext(azLookup) === undefined) {
    app.node.setContext(azLookup, config.availabilityZones);
  }
  const stack = new InterjectStack(app, config.stackName, {
    config,
    env: { account: config.account, region: config.region },
    description: "Interject: browser chat for an agent on Amazon Bedrock AgentCore Runtime",
  });
  return { app, stack, config };
}
