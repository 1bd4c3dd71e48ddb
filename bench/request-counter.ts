/**
 * Counts every AWS SDK call a process makes, by service and operation, through a middleware added to
 * the process's SDK clients (benchmarks only: production clients never carry it). Each call is
 * attributed to the function whose invocation made it — read from the `registre:invoke` diagnostics
 * channel the local runner traces invocations on — or to `event source` for the queue pollers, which
 * are Lambda's own machinery on AWS. It also records what the bill depends on: DynamoDB's consumed
 * capacity (every call asks for it), SQS payloads in 64 KB chunks, S3 bytes, and each invocation's
 * duration. Empty long-poll receives are counted apart: on AWS the event source mapping makes them too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { MiddlewareStack } from '@smithy/types';
import { invocations, type InvocationMessage } from '#local/lambda-context';

export const EVENT_SOURCE = 'event source';

export interface CallFigures {
  calls: number;
  /** Request payload bytes (the body as sent). */
  requestBytes: number;
  /** Response bytes the bill depends on: messages received, object bodies (DynamoDB's reads are in capacity units). */
  responseBytes: number;
  /** DynamoDB capacity units consumed, as the engine reports them. */
  capacityUnits: number;
  /** SQS requests as billed: one per started 64 KB of payload. */
  billedRequests: number;
  /** Receives that found no message. */
  empty: number;
  /** Items or messages the call carried (batch size). */
  entries: number;
}

export interface InvocationFigures {
  invocations: number;
  failed: number;
  totalMs: number;
  /** Rounded up to the millisecond per invocation, as Lambda bills. */
  billedMs: number;
  memoryMb: number;
}

export interface Usage {
  /** `service operation` (with ` (FIFO)` for a FIFO queue's) → who called → figures. */
  readonly calls: Record<string, Record<string, CallFigures>>;
  readonly invocations: Record<string, InvocationFigures>;
  /**
   * The most SDK calls in flight at once, and their mean over the time any was in flight. Receives are
   * left out: a poller's long poll waits for messages, it does not work.
   */
  readonly concurrency: { readonly peak: number; readonly mean: number };
}

interface Counting {
  readonly usage: Usage;
  busyMs: number;
  weightedMs: number;
  peak: number;
}

const CAPACITY_OPERATIONS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
]);

const CHUNK = 64 * 1024;

/** The SDK clients' shared surface this needs: their middleware stack. */
interface Instrumentable {
  readonly middlewareStack: MiddlewareStack<any, any>;
}

export interface RequestCounter {
  /** Adds the counting middleware to clients (a client given twice counts once). */
  attach(...clients: Instrumentable[]): void;
  snapshot(): Usage;
  reset(): void;
}

export function requestCounter(): RequestCounter {
  const caller = new AsyncLocalStorage<InvocationMessage>();
  invocations.start.bindStore(caller, (message) => message);
  const started = new WeakMap<object, number>();
  let state = fresh();
  invocations.subscribe({
    start: (message) => void started.set(message, performance.now()),
    end: () => undefined,
    asyncStart: () => undefined,
    asyncEnd: (message) => settle(message, false),
    error: (message) => settle(message, true),
  });
  function settle(message: InvocationMessage, failed: boolean) {
    const since = started.get(message);
    if (since === undefined) return;
    started.delete(message);
    const ms = performance.now() - since;
    const figures = (state.usage.invocations[message.function] ??= {
      invocations: 0,
      failed: 0,
      totalMs: 0,
      billedMs: 0,
      memoryMb: message.memoryMb,
    });
    figures.invocations += 1;
    figures.failed += failed ? 1 : 0;
    figures.totalMs += ms;
    figures.billedMs += Math.ceil(ms);
  }
  const attached = new WeakSet<object>();

  // Calls outlive a reset: what is in flight is counted apart from the figures a reset clears.
  let inFlight = 0;
  let lastChange = performance.now();
  function flight(delta: number) {
    const now = performance.now();
    if (inFlight > 0) {
      state.weightedMs += inFlight * (now - lastChange);
      state.busyMs += now - lastChange;
    }
    inFlight += delta;
    lastChange = now;
    state.peak = Math.max(state.peak, inFlight);
  }

  return {
    attach(...clients) {
      for (const client of clients) {
        if (attached.has(client.middlewareStack)) continue;
        attached.add(client.middlewareStack);
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const service = String(context.clientName ?? 'client').replace(/Client$/, '');
            const operation = String(context.commandName ?? 'Command').replace(/Command$/, '');
            const input = args.input as Record<string, unknown>;
            if (CAPACITY_OPERATIONS.has(String(context.commandName)) && input.ReturnConsumedCapacity === undefined)
              input.ReturnConsumedCapacity = 'TOTAL';
            const who = caller.getStore()?.function ?? EVENT_SOURCE;
            const working = operation !== 'ReceiveMessage';
            if (working) flight(+1);
            try {
              const result = await next(args);
              record(service, operation, who, input, result.output as Record<string, unknown>, sizes.get(context) ?? 0);
              return result;
            } finally {
              if (working) flight(-1);
            }
          },
          { step: 'initialize', name: 'registreRequestCounter', priority: 'high' },
        );
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const body = (args.request as { body?: unknown }).body;
            sizes.set(context, typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.length : 0);
            return next(args);
          },
          { step: 'finalizeRequest', name: 'registreRequestSize', priority: 'low' },
        );
      }
    },
    snapshot() {
      const mean = state.busyMs > 0 ? state.weightedMs / state.busyMs : 0;
      return structuredClone({ ...state.usage, concurrency: { peak: state.peak, mean } });
    },
    reset() {
      state = fresh();
    },
  };

  function record(
    service: string,
    operation: string,
    who: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    requestBytes: number,
  ) {
    // SQS bills FIFO queues at their own price.
    const key = `${service} ${operation}${service === 'SQS' && String(input.QueueUrl ?? '').endsWith('.fifo') ? ' (FIFO)' : ''}`;
    const byCaller = (state.usage.calls[key] ??= {});
    const figures = (byCaller[who] ??= noCalls());
    const responseBytes = responseSize(service, operation, output);
    figures.calls += 1;
    figures.requestBytes += requestBytes;
    figures.responseBytes += responseBytes;
    figures.capacityUnits += consumed(output.ConsumedCapacity);
    figures.entries += entriesOf(operation, input, output);
    if (service === 'SQS') {
      figures.billedRequests += Math.max(1, Math.ceil(Math.max(requestBytes, responseBytes) / CHUNK));
      if (operation === 'ReceiveMessage' && !(output.Messages as unknown[] | undefined)?.length) figures.empty += 1;
    }
  }
}

const sizes = new WeakMap<object, number>();

/** The figures of no call at all. */
export const noCalls = (): CallFigures => ({
  calls: 0,
  requestBytes: 0,
  responseBytes: 0,
  capacityUnits: 0,
  billedRequests: 0,
  empty: 0,
  entries: 0,
});

/** The figures of two sets of calls together. */
export const sumCalls = (a: CallFigures, b: CallFigures): CallFigures =>
  Object.fromEntries(Object.entries(a).map(([name, value]) => [name, value + b[name as keyof CallFigures]])) as unknown as CallFigures;

function fresh(): Counting {
  return { usage: { calls: {}, invocations: {}, concurrency: { peak: 0, mean: 0 } }, busyMs: 0, weightedMs: 0, peak: 0 };
}

function consumed(capacity: unknown): number {
  const list = Array.isArray(capacity) ? capacity : capacity ? [capacity] : [];
  return list.reduce((sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0), 0);
}

function responseSize(service: string, operation: string, output: Record<string, unknown>): number {
  if (service === 'SQS' && operation === 'ReceiveMessage')
    return ((output.Messages as { Body?: string }[] | undefined) ?? []).reduce((sum, m) => sum + Buffer.byteLength(m.Body ?? ''), 0);
  if (service === 'S3' && operation === 'GetObject') return Number(output.ContentLength ?? 0);
  return 0;
}

function entriesOf(operation: string, input: Record<string, unknown>, output: Record<string, unknown>): number {
  if (operation === 'ReceiveMessage') return (output.Messages as unknown[] | undefined)?.length ?? 0;
  if (Array.isArray(input.Entries)) return input.Entries.length;
  if (operation === 'Query') return (output.Items as unknown[] | undefined)?.length ?? 0;
  if (operation === 'BatchGetItem')
    return Object.values((output.Responses as Record<string, unknown[]>) ?? {}).reduce((sum, items) => sum + items.length, 0);
  return 1;
}
