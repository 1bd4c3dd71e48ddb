/**
 * The queues of the topology, each with its dead-letter queue and the alarms on it, and the topic
 * every alarm of the stack publishes to. Declared in the stack's own scope, so their logical ids are
 * the stack's.
 */
import { ArnFormat, Duration, type Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { FIFO_SCOPE, MAX_MESSAGE_BYTES, type QueueId, type QueueSpec } from './topology.ts';

/** How long a dead-letter queue keeps a message, at most: the longest SQS allows. */
const DEAD_LETTER_RETENTION = Duration.days(14);
/** A message left this long in a dead-letter queue raises a second alarm: nobody has dealt with it. */
const DEAD_LETTER_MAX_AGE = Duration.hours(1);

/** What every queue of the stack shares: SQS-managed encryption, TLS only, and the message size bound. */
const QUEUE_DEFAULTS = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, maxMessageSizeBytes: MAX_MESSAGE_BYTES };

/** Where alarms publish, and how their names start (`<prefix>-…`: the only names the topic takes). */
export interface Alarms {
  readonly topic: Topic;
  readonly prefix: string;
}

/**
 * The topic is encrypted with a key of the stack: CloudWatch cannot publish to a topic under the
 * AWS-managed SNS key, whose policy cannot let it in. CloudWatch may use the key and publish only
 * for this stack's alarms.
 */
export function topicForAlarms(stack: Stack, prefix: string): Topic {
  const key = new Key(stack, 'AlarmKey', { description: 'Encrypts the Registre alarm topic', enableKeyRotation: true });
  const topic = new Topic(stack, 'AlarmTopic', { topicName: `${prefix}-alarms`, masterKey: key, enforceSSL: true });
  const alarms = stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: `${prefix}-*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': stack.account },
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
function alarmOnDeadLetters(stack: Stack, { topic, prefix }: Alarms, id: QueueId, spec: QueueSpec, deadLetter: Queue): void {
  const queue = spec.name.replace(/\.fifo$/, '');
  const next = 'See `registre failures`, then `registre replay` once the cause is fixed.';
  const common = {
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  };
  const alarms = [
    new Alarm(stack, `${pascal(id)}DeadLetters`, {
      ...common,
      alarmName: `${prefix}-${queue}-dead-letters`,
      alarmDescription: `Messages of the ${queue} queue failed for good (${spec.maxReceiveCount} tries) and wait in its dead-letter queue. ${next}`,
      metric: deadLetter.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
    }),
    new Alarm(stack, `${pascal(id)}DeadLetterAge`, {
      ...common,
      alarmName: `${prefix}-${queue}-dead-letter-age`,
      alarmDescription: `A message has waited over an hour in the dead-letter queue of the ${queue} queue, which keeps messages ${DEAD_LETTER_RETENTION.toDays()} days at most. ${next}`,
      metric: deadLetter.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5) }),
      threshold: DEAD_LETTER_MAX_AGE.toSeconds(),
    }),
  ];
  for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(topic));
}

/** A source queue of the topology, with its dead-letter queue and the two alarms on it. */
export function sourceQueue(stack: Stack, alarms: Alarms, id: QueueId, spec: QueueSpec): { queue: Queue; deadLetter: Queue } {
  const fifo = spec.fifo
    ? {
        fifo: true,
        deduplicationScope: FIFO_SCOPE.deduplicationScope as DeduplicationScope,
        fifoThroughputLimit: FIFO_SCOPE.fifoThroughputLimit as FifoThroughputLimit,
      }
    : {};
  const deadLetter = deadLetterQueue(stack, `${pascal(id)}DeadLetterQueue`, spec.fifo);
  alarmOnDeadLetters(stack, alarms, id, spec, deadLetter);
  const queue = new Queue(stack, `${pascal(id)}Queue`, {
    ...fifo,
    ...QUEUE_DEFAULTS,
    visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
    deadLetterQueue: { queue: deadLetter, maxReceiveCount: spec.maxReceiveCount },
  });
  return { queue, deadLetter };
}

/** A dead-letter queue: it keeps its messages the longest SQS allows. */
export function deadLetterQueue(stack: Stack, id: string, fifo: boolean): Queue {
  const deadLetter = new Queue(stack, id, {
    ...(fifo && { fifo: true, deduplicationScope: FIFO_SCOPE.deduplicationScope as DeduplicationScope }),
    ...QUEUE_DEFAULTS,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  Validations.of(deadLetter).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is a dead-letter queue.' });
  Validations.of(deadLetter).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is a dead-letter queue.' });
  return deadLetter;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
