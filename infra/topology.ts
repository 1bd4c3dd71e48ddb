/**
 * Every resource of Registre and how they connect, declared once. The CDK stack and the local stack
 * are both built from this object, so the two cannot drift apart; a test holds them together.
 */

export interface TableSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey: string }[];
}

export interface QueueSpec {
  readonly name: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Messages received this many times without success move to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly deadLetterQueue: string;
}

export interface FunctionSpec {
  /** The module exporting `handler`, from the repository root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Environment variable → the resource whose name or URL it carries. */
  readonly environment: Readonly<Record<string, { readonly table: TableId } | { readonly queue: QueueId }>>;
  /** Environment variables holding secrets, provided by the deployment (locally: generated under .local/). */
  readonly secrets: readonly string[];
  readonly trigger: { readonly type: 'http' } | { readonly type: 'sqs'; readonly queue: QueueId; readonly batchSize: number };
}

/** The Lambda rule of thumb for SQS sources: visibility timeout at least six times the function timeout. */
const visibilityFor = (timeoutSeconds: number) => timeoutSeconds * 6;

const SESSION_EVENTS_TIMEOUT = 30;

export const topology = {
  tables: {
    main: {
      name: 'registre',
      partitionKey: 'pk',
      sortKey: 'sk',
      // Transmissions and failures by status (the admin's and the préfecture's views).
      indexes: [{ name: 'by-status', partitionKey: 'statusKey', sortKey: 'statusAt' }],
    },
  },
  queues: {
    sessionEvents: {
      name: 'session-events.fifo',
      fifo: true,
      visibilityTimeoutSeconds: visibilityFor(SESSION_EVENTS_TIMEOUT),
      maxReceiveCount: 5,
      deadLetterQueue: 'session-events-dlq.fifo',
    },
    certification: {
      name: 'certification',
      fifo: false,
      visibilityTimeoutSeconds: 300,
      maxReceiveCount: 5,
      deadLetterQueue: 'certification-dlq',
    },
  },
  functions: {
    api: {
      entry: 'functions/api/handler.ts',
      timeoutSeconds: 10,
      memoryMb: 512,
      environment: { TABLE_NAME: { table: 'main' }, SESSION_EVENTS_QUEUE_URL: { queue: 'sessionEvents' } },
      secrets: ['TOKEN_SECRET'],
      trigger: { type: 'http' },
    },
    sessionEvents: {
      entry: 'functions/session-events/handler.ts',
      timeoutSeconds: SESSION_EVENTS_TIMEOUT,
      memoryMb: 512,
      environment: { TABLE_NAME: { table: 'main' }, CERTIFICATION_QUEUE_URL: { queue: 'certification' } },
      secrets: [],
      trigger: { type: 'sqs', queue: 'sessionEvents', batchSize: 10 },
    },
  },
} as const satisfies {
  tables: Record<string, TableSpec>;
  queues: Record<string, QueueSpec>;
  functions: Record<string, FunctionSpec>;
};

export type Topology = typeof topology;
export type TableId = 'main';
export type QueueId = 'sessionEvents' | 'certification';
export type FunctionId = keyof Topology['functions'];
