/**
 * Registre on AWS, built from the topology the local stack reads too: one DynamoDB table, the queues
 * with their dead-letter queues, the archive of the documents, and one Lambda function per topology
 * entry (Node.js 24 on ARM64, its own role) with its trigger — the HTTP API behind its JWT authorizer,
 * an SQS event source with partial batch responses, or an EventBridge schedule. Users sign in through
 * the Cognito user pool (`sign-in.ts`); the secretariat console is served by CloudFront, in front of
 * the API, and so is the public site of the published acts (`public-site.ts`). Alarms tell the operators, through one SNS topic, when something needs them.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { signInConfig } from '#console/config';
import { ConsoleHosting } from './console-hosting.ts';
import { DEFAULT_RETENTION, DocumentsArchive, type RetentionSettings } from './documents-archive.ts';
import { grantAccess, type FunctionResources } from './function-access.ts';
import { httpApi, routeToFunction } from './http-api.ts';
import { Operations } from './operations.ts';
import { PublicSite, type PublicSiteDomain } from './public-site.ts';
import { deadLetterQueue, sourceQueue, topicForAlarms } from './queues.ts';
import { functionBundling } from './function-bundling.ts';
import { SignIn, type ProConnectSettings } from './sign-in.ts';
import { boundVariables, topology, type FunctionSpec, type QueueId, type QueueSpec } from './topology.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Paris, unless the deployment says otherwise: the acts of French collectivités stay in France. */
export const DEFAULT_REGION = 'eu-west-3';

/** How long a signed-in user stays signed in: a long séance, so nobody is signed out in the middle of one. */
const TOKEN_LIFETIME = Duration.hours(8);
/** The fields of the S²LOW secret, created empty for an operator to fill in (shared/runtime/prefecture-settings.ts reads them). */
export const S2LOW_SECRET_TEMPLATE = { password: '', cert: '', key: '', passphrase: '', ca: '' };

export interface RegistreStackProps extends StackProps {
  /** Values of the functions' settings (the préfecture connector); see shared/runtime/prefecture-settings.ts. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The built console (`buildConsole`'s outdir), served by CloudFront beside the API. */
  readonly consoleAssets: string;
  /** The Object Lock of the archive; ten years in governance mode by default. */
  readonly retention?: RetentionSettings;
  /** Collectivités whose groups are created with the user pool, and ProConnect if agents sign in with it. */
  readonly signIn?: { readonly sirens?: readonly string[]; readonly proConnect?: ProConnectSettings };
  /** The public site's own domain and its certificate; without it, the site answers at its *.cloudfront.net name. */
  readonly publicSiteDomain?: PublicSiteDomain;
}

export class RegistreStack extends Stack {
  /**
   * `<stack>-alarms` (`registre-alarms` for the app's stack): every alarm publishes here. Its ARN is
   * the stack output `AlarmTopicArn`; operators subscribe with
   * `aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email --notification-endpoint ops@example.org`
   * and confirm from the email they receive.
   */
  readonly alarmTopic: Topic;
  readonly archive: DocumentsArchive;
  readonly signIn: SignIn;
  readonly api: HttpApi;
  readonly publicSite: PublicSite;

  constructor(scope: Construct, id: string, props: RegistreStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: props.env?.region ?? DEFAULT_REGION } });
    // Server access logs are delivered through the log bucket's policy, not ACLs (disabled on every bucket).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const spec = topology.tables.main;
    const table = new TableV2(this, 'Table', {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: spec.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Prefixes the names of the alarms and of their topic, so two stacks in one account and region don't collide.
    const alarms = { topic: (this.alarmTopic = topicForAlarms(this, this.stackName.toLowerCase())), prefix: this.stackName.toLowerCase() };
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'The SNS topic of the alarms: subscribe to it to be told when something needs an operator',
    });
    const queues = {} as Record<QueueId, Queue>;
    const deadLetters = {} as Record<QueueId, Queue>;
    for (const [id, spec] of Object.entries(topology.queues) as [QueueId, QueueSpec][]) {
      const { queue, deadLetter } = sourceQueue(this, alarms, id, spec);
      queues[id] = queue;
      deadLetters[id] = deadLetter;
    }

    this.archive = new DocumentsArchive(this, 'Archive', props.retention ?? DEFAULT_RETENTION);
    new CfnOutput(this, 'ArchiveAdministratorRoleArn', {
      value: this.archive.administrator.roleArn,
      description: 'The only role that may delete a document of the archive (with MFA)',
    });
    const resources: FunctionResources = { table, queues, deadLetters, buckets: { documents: this.archive.bucket } };

    this.signIn = new SignIn(this, 'SignIn', {
      tokenLifetime: TOKEN_LIFETIME,
      sirens: props.signIn?.sirens ?? [],
      proConnect: props.signIn?.proConnect,
    });
    this.api = httpApi(this);
    const hosting = new ConsoleHosting(this, 'Console', {
      assets: props.consoleAssets,
      api: this.api,
      accessLogs: this.archive.accessLogs,
      signInUrl: this.signIn.domain.baseUrl(),
      documentsUrl: `https://${this.archive.bucket.bucketRegionalDomainName}`,
    });
    const consoleUrl = `https://${hosting.distribution.distributionDomainName}`;
    const client = this.signIn.addConsoleClient(consoleUrl);
    hosting.publishConfig(signInConfig(this.signIn.domain.baseUrl(), client.userPoolClientId, ['openid', 'email']));
    new CfnOutput(this, 'ConsoleUrl', { value: consoleUrl, description: 'The secretariat console, with the API on the same origin' });
    // The distribution depends on the API (its origin) and the api function on the distribution (its
    // address): no cycle, as neither the API nor the distribution depends on the function.
    this.publicSite = new PublicSite(this, 'PublicSite', { api: this.api, documents: this.archive.bucket, domain: props.publicSiteDomain });
    new CfnOutput(this, 'PublicSiteUrl', {
      value: this.publicSite.url,
      description: 'The public site of the published acts and their open data, for anyone',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.signIn.userPool.userPoolId,
      description: 'Where administrators create the users and their groups',
    });

    const settings: Record<string, string> = {
      ...props.settings,
      TOKEN_ISSUER: this.signIn.issuerUrl,
      TOKEN_AUDIENCES: client.userPoolClientId,
      PUBLIC_SITE_URL: this.publicSite.url,
    };
    const secrets: Record<string, Secret> = {};
    if (props.settings?.PREFECTURE_CONNECTOR === 's2low') secrets.S2LOW_SECRET_ARN = this.s2lowSecret();
    const authorizer = new HttpJwtAuthorizer('Tokens', this.signIn.issuerUrl, { jwtAudience: [client.userPoolClientId] });

    const lambdas: Record<string, NodejsFunction> = {};
    for (const [name, fn] of Object.entries(topology.functions) as [string, FunctionSpec][]) {
      const lambda = (lambdas[name] = this.lambda(name, fn, resources, secrets, settings));
      const trigger = fn.trigger;
      if (trigger.type === 'http') routeToFunction(this.api, lambda, authorizer);
      else if (trigger.type === 'sqs')
        lambda.addEventSource(new SqsEventSource(queues[trigger.queue], { batchSize: trigger.batchSize, reportBatchItemFailures: true }));
      else this.schedule(name, lambda, trigger.rateMinutes);
    }
    new Operations(this, 'Operations', { topic: this.alarmTopic, functions: lambdas, queues, api: this.api, prefix: alarms.prefix });
  }

  /** The schedule of a function; an invocation EventBridge cannot deliver after two tries goes to a dead-letter queue. */
  private schedule(name: string, lambda: NodejsFunction, rateMinutes: number): void {
    const undelivered = deadLetterQueue(this, `${pascal(name)}ScheduleDeadLetterQueue`, false);
    new Rule(this, `${pascal(name)}Schedule`, {
      schedule: Schedule.rate(Duration.minutes(rateMinutes)),
      targets: [new LambdaFunction(lambda, { deadLetterQueue: undelivered, retryAttempts: 2, maxEventAge: Duration.minutes(rateMinutes) })],
    });
  }

  /**
   * The S²LOW credentials, created as their JSON template with every field empty: an operator fills
   * them in after the first deploy (`aws secretsmanager put-secret-value`), and the functions say
   * which is missing until then.
   */
  private s2lowSecret(): Secret {
    const secret = new Secret(this, 'S2lowCredentials', {
      description: `The S²LOW account of Registre: fill in ${Object.keys(S2LOW_SECRET_TEMPLATE).join(', ')} (PEM for cert, key and ca)`,
      // Field names only, every value empty: nothing secret is in the template.
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(S2LOW_SECRET_TEMPLATE)),
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The S²LOW certificate is renewed with the tiers de télétransmission, not rotated by a function.',
    });
    return secret;
  }

  /**
   * The function of a topology entry: its own role and log group, the topology's environment (the
   * names and URLs of its resources, its settings, its constants, the ARNs of its secrets — never a
   * secret's value), and the access its bindings give (`function-access.ts`).
   */
  private lambda(
    name: string,
    spec: FunctionSpec,
    resources: FunctionResources,
    secrets: Readonly<Record<string, Secret>>,
    settings: Readonly<Record<string, string>>,
  ): NodejsFunction {
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'registre',
      ...spec.constants,
    };
    Object.assign(
      environment,
      boundVariables(spec, {
        table: () => resources.table.tableName,
        bucket: (id) => resources.buckets[id].bucketName,
        queue: (id) => resources.queues[id].queueUrl,
        deadLetter: (of) => resources.deadLetters[of].queueUrl,
      }),
    );
    for (const variable of spec.settings) if (settings[variable] !== undefined) environment[variable] = settings[variable];
    const granted = spec.secrets.flatMap((variable) => (secrets[variable] ? [[variable, secrets[variable]] as const] : []));
    for (const [variable, secret] of granted) environment[variable] = secret.secretArn;

    const id = pascal(name);
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${name} function of Registre`,
    });
    const fn = new NodejsFunction(this, `${id}Function`, {
      entry: join(ROOT, spec.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      environment,
      role,
      logGroup,
      ...(spec.trigger.type === 'schedule' && {
        // Invoked asynchronously by its schedule: an invocation failed twice lands in a dead-letter queue.
        onFailure: new SqsDestination(deadLetterQueue(this, `${id}FailedInvocations`, false)),
        retryAttempts: 2,
      }),
      bundling: functionBundling(spec.rendersPdf === true),
    });
    for (const [, secret] of granted) secret.grantRead(role);
    grantAccess(role, logGroup, spec, resources);
    acknowledgeInvocation(fn, spec);
    return fn;
  }
}

/**
 * How each function's failed invocations are kept, for cdk-nag's Serverless pack: an invocation
 * through the HTTP API fails to its caller; an SQS event source hands a failed message back to its
 * queue, whose redrive policy moves it to the dead-letter queue (SQS event sources take no on-failure
 * destination); the scheduled function's failed invocations go to its on-failure destination.
 */
function acknowledgeInvocation(fn: NodejsFunction, spec: FunctionSpec): void {
  const acknowledge = (id: string, reason: string) => Validations.of(fn).acknowledge({ id, reason });
  if (spec.trigger.type === 'schedule') {
    acknowledge(
      'Serverless-LambdaDLQ',
      'Failed asynchronous invocations go to an on-failure destination (an SQS queue), which keeps the error with the event.',
    );
    return;
  }
  const how = spec.trigger.type === 'http' ? 'synchronously, by the HTTP API' : 'by its SQS event source';
  acknowledge('Serverless-LambdaDLQ', `The function is invoked ${how}, never asynchronously.`);
  acknowledge('Serverless-LambdaAsyncFailureDestination', `The function is invoked ${how}, never asynchronously.`);
  if (spec.trigger.type === 'sqs')
    acknowledge(
      'Serverless-LambdaEventSourceMappingDestination',
      'An SQS event source takes no on-failure destination: the queue’s redrive policy moves a message failed every try to its dead-letter queue.',
    );
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
