/**
 * What a function may do, from the topology's bindings: exactly the actions its code calls, on exactly
 * the resources it touches. Its own role (no managed policy) writes to its own log group only; a
 * table binding gives the adapters' actions (`TABLE_ACTIONS`) on the table, and on the status index
 * only where the function lists by status; a queue, sending; a dead-letter queue, what replaying
 * takes; the documents bucket, reading (and writing) objects — never deleting one.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_ACTIONS, topology, type BucketId, type FunctionSpec, type QueueId } from './topology.ts';

export interface FunctionResources {
  readonly table: TableV2;
  readonly queues: Readonly<Record<QueueId, Queue>>;
  readonly deadLetters: Readonly<Record<QueueId, Queue>>;
  readonly buckets: Readonly<Record<BucketId, Bucket>>;
}

/** Taking messages off a dead-letter queue and sending them back: what `shared/adapters/sqs/dead-letters.ts` calls. */
const REPLAY_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'];

/**
 * The statements of the function's role, and the acknowledgement of each cdk-nag finding they raise,
 * on this function's role only: X-Ray's `Resource::*`, the bucket's objects.
 */
export function grantAccess(role: Role, logGroup: LogGroup, spec: FunctionSpec, resources: FunctionResources): void {
  const stack = Stack.of(role);
  const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const acknowledge = (id: string, reason: string) => Validations.of(role).acknowledge({ id, reason });

  role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  acknowledge('AwsSolutions-IAM5[Resource::*]', 'X-Ray trace segments and telemetry have no resource-level permissions.');

  for (const binding of Object.values(spec.environment)) {
    if ('table' in binding) {
      const table = resources.table;
      role.addToPolicy(new PolicyStatement({ actions: TABLE_ACTIONS.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }));
      if (binding.statusIndex) {
        const index = topology.tables.main.indexes[0].name;
        role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${index}`] }));
      }
    } else if ('queue' in binding) {
      role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [resources.queues[binding.queue].queueArn] }));
    } else if ('deadLetterOf' in binding) {
      role.addToPolicy(new PolicyStatement({ actions: REPLAY_ACTIONS, resources: [resources.deadLetters[binding.deadLetterOf].queueArn] }));
    } else {
      const bucket = resources.buckets[binding.bucket];
      const actions = binding.access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
      role.addToPolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
      // Without ListBucket, S3 answers a missing key 403 instead of 404, and a missing document would look like a fault.
      role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      acknowledge(
        `AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/*]`,
        `The function ${binding.access === 'read' ? 'reads' : 'reads and writes'} the documents of the acts, whose keys name the collectivité, the séance and the act; it may delete none.`,
      );
    }
  }
}
