/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this file with tsx). Settings of the
 * functions (the préfecture connector) come from the context key `registre:settings`, e.g.
 * `-c 'registre:settings={"PREFECTURE_CONNECTOR":"actes","ACTES_ENDPOINT":"https://…"}'`.
 * cdk-nag's AWS Solutions pack checks the whole app; every acknowledged finding says why.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RegistreStack } from './registre-stack.ts';

const app = new App();
const raw = app.node.tryGetContext('registre:settings') as string | Record<string, string> | undefined;
const settings = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, string>) : (raw ?? {});
// Account and region: those of the AWS profile the CDK runs with (AWS_REGION=eu-west-3 for Paris).
new RegistreStack(app, 'Registre', { settings, env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
