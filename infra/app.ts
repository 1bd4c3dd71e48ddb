/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this file with tsx). Its context keys:
 * - `registre:settings`: the functions' settings (the préfecture connector), e.g.
 *   `-c 'registre:settings={"PREFECTURE_CONNECTOR":"actes","ACTES_ENDPOINT":"https://…"}'`;
 * - `registre:region`: where to deploy, `eu-west-3` (Paris) unless set (`DEFAULT_REGION`);
 * - `registre:retention`: the Object Lock of the archive, `{"mode":"governance"|"compliance","years":10}`;
 * - `registre:sign-in`: `{"sirens":["213501238"], "proConnect":{"issuer","clientId","clientSecretArn"}}`,
 *   the collectivités whose groups come with the user pool, and ProConnect for the State's agents;
 * - `registre:public-site`: `{"domainName":"actes.example.fr","certificateArn":"arn:aws:acm:us-east-1:…"}`,
 *   the public site's own domain (TLS 1.2 at least), its *.cloudfront.net name otherwise.
 * The console is built first, into `console/` of the cloud assembly's folder (`cdk.out`), and the
 * stack ships that folder. cdk-nag's AWS Solutions and Serverless packs check the whole app; every
 * acknowledged finding says why.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { buildConsole } from '../console/build.ts';
import { RegistreStack } from './registre-stack.ts';

const app = new App();
/** A context value as given on the command line (JSON text) or in cdk.json (an object). */
function context<T>(key: string): T | undefined {
  const raw = app.node.tryGetContext(key) as string | T | undefined;
  return typeof raw === 'string' && /^\s*[[{]/.test(raw) ? (JSON.parse(raw) as T) : (raw as T | undefined);
}
const consoleAssets = join(app.outdir, 'console');
// Emptied first: the build only adds files, and every file of the folder is deployed.
rmSync(consoleAssets, { recursive: true, force: true });
await buildConsole(consoleAssets);
new RegistreStack(app, 'Registre', {
  settings: context('registre:settings') ?? {},
  retention: context('registre:retention'),
  signIn: context('registre:sign-in'),
  publicSiteDomain: context('registre:public-site'),
  consoleAssets,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context<string>('registre:region') },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
