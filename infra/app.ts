/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this file with tsx). Settings of the
 * functions (the préfecture connector) come from the context key `registre:settings`, e.g.
 * `-c 'registre:settings={"PREFECTURE_CONNECTOR":"actes","ACTES_ENDPOINT":"https://…"}'`.
 * The console is built first, into `console/` of the cloud assembly's folder (`cdk.out`), and the
 * stack ships that folder. cdk-nag's AWS Solutions pack checks the whole app; every acknowledged
 * finding says why.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildConsole } from '../console/build.ts';
import { RegistreStack } from './registre-stack.ts';

const app = new App();
const raw = app.node.tryGetContext('registre:settings') as string | Record<string, string> | undefined;
const settings = typeof raw === 'string' ? (JSON.parse(raw) as Record<string, string>) : (raw ?? {});
const consoleAssets = join(app.outdir, 'console');
// Emptied first: the build only adds files, and every file of the folder is deployed.
rmSync(consoleAssets, { recursive: true, force: true });
await buildConsole(consoleAssets);
// Account and region: those of the AWS profile the CDK runs with (AWS_REGION=eu-west-3 for Paris).
new RegistreStack(app, 'Registre', {
  settings,
  consoleAssets,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
