/** The local stack's resources are the topology's: same queues, same redrive, same table keys. */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { expect, test } from 'vitest';
import { topology, type QueueId, type QueueSpec } from '#infra/topology';
import { clients, stack } from './support.ts';

test.each(Object.entries(topology.queues) as [QueueId, QueueSpec][])(
  'queue %s is created as the topology declares it',
  async (id, spec) => {
    const { sqs } = clients();
    const queue = stack().resources.queues[id];
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }));
    expect(queue.url.endsWith(`/${spec.name}`)).toBe(true);
    expect(Attributes.FifoQueue === 'true').toBe(spec.fifo);
    expect(JSON.parse(Attributes.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: queue.deadLetter.arn,
      maxReceiveCount: spec.maxReceiveCount,
    });
    expect(queue.deadLetter.url.endsWith(`/${spec.deadLetterQueue}`)).toBe(true);
  },
);

test('the table has the keys and the status index of the topology', async () => {
  const { Table } = await clients().dynamodb.send(new DescribeTableCommand({ TableName: stack().resources.tables.main }));
  const spec = topology.tables.main;
  expect(Table?.KeySchema).toEqual([
    { AttributeName: spec.partitionKey, KeyType: 'HASH' },
    { AttributeName: spec.sortKey, KeyType: 'RANGE' },
  ]);
  expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(spec.indexes.map((i) => i.name));
});
