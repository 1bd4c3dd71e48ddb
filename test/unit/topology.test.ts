import { REQUEUE_POLICY } from '#acts/requeue-policy';
import { expect, test } from 'vitest';
import { topology, type EnvironmentBinding, type FunctionSpec, type QueueSpec } from '#infra/topology';

const functions = Object.entries(topology.functions) as [string, FunctionSpec][];
const queues = Object.entries(topology.queues) as [string, QueueSpec][];
/** The resource a binding names, whatever access it asks for. */
const resourceOf = (binding: EnvironmentBinding) => ('bucket' in binding ? `bucket ${binding.bucket}` : JSON.stringify(binding));

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
  expect(REQUEUE_POLICY.inFlightMinutes * 60).toBeGreaterThanOrEqual(visibilityTimeoutSeconds * maxReceiveCount);
});
