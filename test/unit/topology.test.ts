import { expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { TABLE_ACTIONS, topology, type EnvironmentBinding, type FunctionSpec, type QueueSpec } from '#infra/topology';

const functions = Object.entries(topology.functions) as [string, FunctionSpec][];
const queues = Object.entries(topology.queues) as [string, QueueSpec][];
/** The resource a binding names, whatever access it asks for. */
const resourceOf = (binding: EnvironmentBinding) =>
  'bucket' in binding ? `bucket ${binding.bucket}` : 'table' in binding ? `table ${binding.table}` : JSON.stringify(binding);

test('every SQS-triggered function has a queue whose visibility timeout is at least six times its timeout', () => {
  for (const [, spec] of functions) {
    if (spec.trigger.type !== 'sqs') continue;
    const queue = topology.queues[spec.trigger.queue];
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * spec.timeoutSeconds);
  }
});

test('every queue has a dead-letter queue of its own kind (FIFO for FIFO) and a bounded receive count', () => {
  for (const [, queue] of queues) {
    expect(queue.deadLetterQueue.endsWith('.fifo')).toBe(queue.fifo);
    expect(queue.name.endsWith('.fifo')).toBe(queue.fifo);
    expect(queue.maxReceiveCount).toBeGreaterThanOrEqual(3);
  }
});

test('session events go through one FIFO queue consumed by one function, so the roll call and the vote keep their order', () => {
  expect(topology.queues.sessionEvents.fifo).toBe(true);
  const consumers = functions.filter(([, spec]) => spec.trigger.type === 'sqs' && spec.trigger.queue === 'sessionEvents');
  expect(consumers.map(([name]) => name)).toEqual(['sessionEvents']);
});

test('every environment binding names a declared resource', () => {
  for (const [, spec] of functions)
    for (const binding of Object.values(spec.environment)) {
      if ('table' in binding) expect(topology.tables).toHaveProperty(binding.table);
      else if ('bucket' in binding) expect(topology.buckets).toHaveProperty(binding.bucket);
      else if ('deadLetterOf' in binding) expect(topology.queues).toHaveProperty(binding.deadLetterOf);
      else expect(topology.queues).toHaveProperty(binding.queue);
    }
});

test('a variable means one resource to every function, as the local stack runs them all in one process', () => {
  const meanings = new Map<string, string>();
  for (const [name, spec] of functions)
    for (const [variable, binding] of Object.entries(spec.environment)) {
      const meaning = resourceOf(binding);
      expect(meanings.get(variable) ?? meaning, `${name}: ${variable}`).toBe(meaning);
      meanings.set(variable, meaning);
    }
});

test('the api may replay every queue: it reads the dead-letter queue and sends to the source queue', () => {
  const bindings = Object.values(topology.functions.api.environment);
  for (const [id] of queues) {
    expect(bindings).toContainEqual({ deadLetterOf: id });
    expect(bindings).toContainEqual({ queue: id });
  }
});

test('an act is asked for again only after its message has had the whole retry window of the transmissions queue', () => {
  const { visibilityTimeoutSeconds, maxReceiveCount } = topology.queues.transmissions;
  const inFlightMinutes = Number(topology.functions.pollAcknowledgements.constants.TRANSMISSION_IN_FLIGHT_MINUTES);
  expect(inFlightMinutes * 60).toBeGreaterThanOrEqual(visibilityTimeoutSeconds * maxReceiveCount);
});

test('a transmission holds its act as long as transmit-act may run, and no longer', () => {
  const { timeoutSeconds, constants } = topology.functions.transmitAct;
  expect(Number(constants.TRANSMISSION_LEASE_SECONDS)).toBe(timeoutSeconds);
});

/** The IAM action of each DynamoDB command of the SDK's document client. */
const DYNAMODB_ACTIONS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  BatchGet: 'BatchGetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};

test('least privilege: the table adapters call exactly the DynamoDB actions the functions are granted, never Scan nor DeleteItem', () => {
  const folder = new URL('./', import.meta.resolve('#adapters/dynamodb/by-status'));
  const called = new Set(
    readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(new URL(file, folder), 'utf8').matchAll(/new (\w+?)Command\(/g)].map((m) => m[1]!)),
  );
  const actions = [...called].map((command) => DYNAMODB_ACTIONS[command] ?? `unknown command ${command}`).sort();
  expect(actions).toEqual([...TABLE_ACTIONS].sort());
  expect(TABLE_ACTIONS).not.toContain('Scan');
  expect(TABLE_ACTIONS).not.toContain('DeleteItem');
});
