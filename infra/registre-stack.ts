/**
 * Registre on AWS, built from the topology the local stack reads too: one DynamoDB table, the queues
 * with their dead-letter queues, the documents bucket, and one Lambda function per topology entry
 * (Node.js 24 on ARM64) with its trigger — an HTTP API, an SQS event source with partial batch
 * responses, or an EventBridge schedule.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FIFO_SCOPE, topology, type BucketId, type FunctionSpec, type QueueId, type QueueSpec } from './topology.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What a function receives of a secret: a value (a dynamic reference) or a reference to read, and the right to read it. */
interface SecretBinding {
  readonly value: string;
  readonly grant?: (fn: NodejsFunction) => void;
}

export interface RegistreStackProps extends StackProps {
  /** Values of the functions' settings (the préfecture connector); see shared/runtime/prefecture-settings.ts. */
  readonly settings?: Readonly<Record<string, string>>;
}

export class RegistreStack extends Stack {
  constructor(scope: Construct, id: string, props: RegistreStackProps = {}) {
    super(scope, id, props);
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

    const queues = {} as Record<QueueId, Queue>;
    for (const [id, queue] of Object.entries(topology.queues) as [QueueId, QueueSpec][]) queues[id] = this.queue(id, queue);

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the bucket receiving the access logs of the documents bucket.',
    });
    const buckets: Record<BucketId, Bucket> = {
      documents: new Bucket(this, 'Documents', {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    };

    const tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'Signs the bearer tokens of the Registre API (HS256)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the signing secret invalidates every token issued; it is rotated by hand with the token issuers.',
    });
    const secrets: Record<string, SecretBinding> = { TOKEN_SECRET: { value: tokenSecret.secretValue.unsafeUnwrap() } };
    if (props.settings?.PREFECTURE_CONNECTOR === 's2low') {
      const s2low = new Secret(this, 'S2lowCredentials', {
        description:
          'The S²LOW account of Registre, as JSON: {"password", "cert", "key", "passphrase", "ca"} (PEM); set it after the first deploy',
      });
      Validations.of(s2low).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'The S²LOW certificate is renewed with the tiers de télétransmission, not rotated by a function.',
      });
      secrets.S2LOW_SECRET_ARN = { value: s2low.secretArn, grant: (fn) => s2low.grantRead(fn) };
    }

    for (const [name, fn] of Object.entries(topology.functions) as [string, FunctionSpec][]) {
      const lambda = this.lambda(name, fn, { table, queues, buckets, secrets, settings: props.settings ?? {} });
      const trigger = fn.trigger;
      if (trigger.type === 'http') {
        const api = new HttpApi(this, 'HttpApi', { defaultIntegration: new HttpLambdaIntegration('ApiIntegration', lambda) });
        Validations.of(api).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: 'Every route but /health checks its bearer token in the function itself.',
        });
        Validations.of(api).acknowledge({
          id: 'AwsSolutions-APIG1',
          reason: 'Requests are logged by the function (Powertools), with their request id.',
        });
        this.exportValue(api.apiEndpoint, { name: `${this.stackName}-ApiUrl` });
      } else if (trigger.type === 'sqs') {
        lambda.addEventSource(new SqsEventSource(queues[trigger.queue], { batchSize: trigger.batchSize, reportBatchItemFailures: true }));
      } else {
        new Rule(this, `${pascal(name)}Schedule`, {
          schedule: Schedule.rate(Duration.minutes(trigger.rateMinutes)),
          targets: [new LambdaFunction(lambda)],
        });
      }
    }
  }

  private logicalId(construct: Construct): string {
    return this.getLogicalId(construct.node.defaultChild as CfnElement);
  }

  private queue(id: QueueId, spec: QueueSpec): Queue {
    const fifo = spec.fifo
      ? {
          fifo: true,
          deduplicationScope: FIFO_SCOPE.deduplicationScope as DeduplicationScope,
          fifoThroughputLimit: FIFO_SCOPE.fifoThroughputLimit as FifoThroughputLimit,
        }
      : {};
    const common = { ...fifo, encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
    const deadLetter = new Queue(this, `${pascal(id)}DeadLetterQueue`, { ...common, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetter).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is a dead-letter queue.' });
    return new Queue(this, `${pascal(id)}Queue`, {
      ...common,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetter, maxReceiveCount: spec.maxReceiveCount },
    });
  }

  private lambda(
    name: string,
    spec: FunctionSpec,
    resources: {
      table: TableV2;
      queues: Record<QueueId, Queue>;
      buckets: Record<BucketId, Bucket>;
      secrets: Record<string, SecretBinding>;
      settings: Readonly<Record<string, string>>;
    },
  ): NodejsFunction {
    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'registre' };
    for (const [variable, binding] of Object.entries(spec.environment))
      environment[variable] =
        'table' in binding
          ? resources.table.tableName
          : 'bucket' in binding
            ? resources.buckets[binding.bucket].bucketName
            : resources.queues[binding.queue].queueUrl;
    for (const variable of spec.settings) {
      const value = resources.settings[variable];
      if (value !== undefined) environment[variable] = value;
    }
    const secrets = spec.secrets.flatMap((variable) =>
      resources.secrets[variable] ? [[variable, resources.secrets[variable]] as const] : [],
    );
    for (const [variable, secret] of secrets) environment[variable] = secret.value;
    const id = pascal(name);
    const fn = new NodejsFunction(this, `${id}Function`, {
      entry: join(ROOT, spec.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      environment,
      logGroup: new LogGroup(this, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY }),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        sourceMap: true,
        minify: true,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // pdfkit reads its font metrics, and the extract its DejaVu fonts, from their packages at run time.
        nodeModules: ['pdfkit', 'dejavu-fonts-ttf'],
      },
    });
    for (const [, secret] of secrets) secret.grant?.(fn);
    resources.table.grantReadWriteData(fn);
    for (const binding of Object.values(spec.environment)) {
      if ('queue' in binding) resources.queues[binding.queue].grantSendMessages(fn);
      if ('bucket' in binding) {
        const bucket = resources.buckets[binding.bucket];
        if (binding.access === 'read') bucket.grantRead(fn);
        else bucket.grantReadWrite(fn);
      }
    }
    acknowledge(
      fn,
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
      'it only lets the function write its own logs',
    );
    acknowledge(fn, ['AwsSolutions-IAM5[Resource::*]'], 'X-Ray trace segments have no resource-level permissions');
    acknowledge(
      fn,
      [`AwsSolutions-IAM5[Resource::<${this.logicalId(resources.table)}.Arn>/index/*]`],
      'the function queries the by-status index of the table',
    );
    const documents = this.logicalId(resources.buckets.documents);
    acknowledge(
      fn,
      ['GetObject*', 'GetBucket*', 'List*', 'DeleteObject*', 'Abort*']
        .map((action) => `AwsSolutions-IAM5[Action::s3:${action}]`)
        .concat(`AwsSolutions-IAM5[Resource::<${documents}.Arn>/*]`),
      'the CDK grant on the documents bucket: the function reads (and, but for the API, writes) the documents of the acts',
    );
    return fn;
  }
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** cdk-nag v3 acknowledges each finding by its exact id; the reason is kept in the template's metadata. */
function acknowledge(scope: Construct, ids: readonly string[], reason: string): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason: `${reason}.` });
}
