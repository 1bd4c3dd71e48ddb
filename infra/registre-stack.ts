/**
 * Registre on AWS, built from the topology the local stack reads too: one DynamoDB table, the queues
 * with their dead-letter queues, the documents bucket, and one Lambda function per topology entry
 * (Node.js 24 on ARM64) with its trigger — an HTTP API, an SQS event source with partial batch
 * responses, or an EventBridge schedule. Alarms on the dead-letter queues tell the operators when
 * messages have failed for good. The secretariat console is served by CloudFront, in front of the API.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ConsoleHosting } from './console-hosting.ts';
import { FIFO_SCOPE, MAX_MESSAGE_BYTES, topology, type BucketId, type FunctionSpec, type QueueId, type QueueSpec } from './topology.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How long a dead-letter queue keeps a message, at most: the longest SQS allows. */
const DEAD_LETTER_RETENTION = Duration.days(14);
/** A message left this long in a dead-letter queue raises a second alarm: nobody has dealt with it. */
const DEAD_LETTER_MAX_AGE = Duration.hours(1);

/** What a function receives of a secret: a value (a dynamic reference) or a reference to read, and the right to read it. */
interface SecretBinding {
  readonly value: string;
  readonly grant?: (fn: NodejsFunction) => void;
}

export interface RegistreStackProps extends StackProps {
  /** Values of the functions' settings (the préfecture connector); see shared/runtime/prefecture-settings.ts. */
  readonly settings?: Readonly<Record<string, string>>;
  /** The built console (`buildConsole`'s outdir), served by CloudFront beside the API. */
  readonly consoleAssets: string;
}

export class RegistreStack extends Stack {
  /**
   * `<stack>-alarms` (`registre-alarms` for the app's stack): the alarms of the dead-letter queues
   * publish here. Its ARN is the stack output `AlarmTopicArn`; operators subscribe with
   * `aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email --notification-endpoint ops@example.org`
   * and confirm from the email they receive.
   */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: RegistreStackProps) {
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

    this.alarmTopic = this.topicForAlarms();
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'The SNS topic of the dead-letter queue alarms: subscribe to it to be told of messages failed for good',
    });
    const queues = {} as Record<QueueId, Queue>;
    const deadLetters = {} as Record<QueueId, Queue>;
    for (const [id, spec] of Object.entries(topology.queues) as [QueueId, QueueSpec][]) {
      const { queue, deadLetter } = this.queue(id, spec);
      queues[id] = queue;
      deadLetters[id] = deadLetter;
      this.alarmOnDeadLetters(id, spec, deadLetter);
    }

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the bucket receiving the access logs of the documents and console buckets.',
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
      const lambda = this.lambda(name, fn, { table, queues, deadLetters, buckets, secrets, settings: props.settings ?? {} });
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
        const hosting = new ConsoleHosting(this, 'Console', { assets: props.consoleAssets, api, accessLogs });
        new CfnOutput(this, 'ConsoleUrl', {
          value: `https://${hosting.distribution.distributionDomainName}`,
          description: 'The secretariat console, with the API on the same origin',
        });
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

  /** Prefixes the names of the alarms and of their topic, so two stacks in one account and region don't collide. */
  private get alarmPrefix(): string {
    return this.stackName.toLowerCase();
  }

  /**
   * The topic is encrypted with a key of the stack: CloudWatch cannot publish to a topic under the
   * AWS-managed SNS key, whose policy cannot let it in. CloudWatch may use the key and publish only
   * for this stack's alarms.
   */
  private topicForAlarms(): Topic {
    const key = new Key(this, 'AlarmKey', { description: 'Encrypts the Registre alarm topic', enableKeyRotation: true });
    const topic = new Topic(this, 'AlarmTopic', { topicName: `${this.alarmPrefix}-alarms`, masterKey: key, enforceSSL: true });
    const alarms = this.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `${this.alarmPrefix}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': alarms },
    });
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    topic.grantPublish(cloudWatch);
    return topic;
  }

  /**
   * Two alarms per dead-letter queue: as soon as one message lands there (it failed every try and
   * will not be retried on its own), and when one has waited there an hour (nobody has dealt with it).
   */
  private alarmOnDeadLetters(id: QueueId, spec: QueueSpec, deadLetter: Queue): void {
    const queue = spec.name.replace(/\.fifo$/, '');
    const next = 'See `registre failures`, then `registre replay` once the cause is fixed.';
    const common = {
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    const alarms = [
      new Alarm(this, `${pascal(id)}DeadLetters`, {
        ...common,
        alarmName: `${this.alarmPrefix}-${queue}-dead-letters`,
        alarmDescription: `Messages of the ${queue} queue failed for good (${spec.maxReceiveCount} tries) and wait in its dead-letter queue. ${next}`,
        metric: deadLetter.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
      }),
      new Alarm(this, `${pascal(id)}DeadLetterAge`, {
        ...common,
        alarmName: `${this.alarmPrefix}-${queue}-dead-letter-age`,
        alarmDescription: `A message has waited over an hour in the dead-letter queue of the ${queue} queue, which keeps messages ${DEAD_LETTER_RETENTION.toDays()} days at most. ${next}`,
        metric: deadLetter.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5) }),
        threshold: DEAD_LETTER_MAX_AGE.toSeconds(),
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(this.alarmTopic));
  }

  private queue(id: QueueId, spec: QueueSpec): { queue: Queue; deadLetter: Queue } {
    const fifo = spec.fifo
      ? {
          fifo: true,
          deduplicationScope: FIFO_SCOPE.deduplicationScope as DeduplicationScope,
          fifoThroughputLimit: FIFO_SCOPE.fifoThroughputLimit as FifoThroughputLimit,
        }
      : {};
    const common = { ...fifo, encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, maxMessageSizeBytes: MAX_MESSAGE_BYTES };
    const deadLetter = new Queue(this, `${pascal(id)}DeadLetterQueue`, { ...common, retentionPeriod: DEAD_LETTER_RETENTION });
    Validations.of(deadLetter).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is a dead-letter queue.' });
    const queue = new Queue(this, `${pascal(id)}Queue`, {
      ...common,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: deadLetter, maxReceiveCount: spec.maxReceiveCount },
    });
    return { queue, deadLetter };
  }

  private lambda(
    name: string,
    spec: FunctionSpec,
    resources: {
      table: TableV2;
      queues: Record<QueueId, Queue>;
      deadLetters: Record<QueueId, Queue>;
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
            : 'deadLetterOf' in binding
              ? resources.deadLetters[binding.deadLetterOf].queueUrl
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
      if ('deadLetterOf' in binding) resources.deadLetters[binding.deadLetterOf].grantConsumeMessages(fn);
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
