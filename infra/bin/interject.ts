/** Entry point of the CDK app (`cdk synth`, `cdk deploy`); settings come from context, see ../README.md. */
import { createApp } from "../src/app.ts";

createApp().app.synth();
