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

export interface BucketSpec {
  readonly name: string;
}

/**
 * What an environment variable carries, and the access it brings: a table's name (reading and writing
 * items, and querying its status index if `statusIndex`), a queue's URL (sending), the URL of a queue's
 * dead-letter queue (receiving, deleting, reading its attributes), or a bucket's name (reading, or
 * reading and writing; never deleting).
 */
export type EnvironmentBinding =
  | { readonly table: TableId; readonly statusIndex?: true }
  | { readonly queue: QueueId }
  | { readonly deadLetterOf: QueueId }
  | { readonly bucket: BucketId; readonly access: 'read' | 'readWrite' };

/** Where each kind of binding points, in the names a deployment or a local stack gives its resources. */
export interface BindingTargets {
  table(id: TableId): string;
  bucket(id: BucketId): string;
  queue(id: QueueId): string;
  deadLetter(of: QueueId): string;
}

/** A function's resource variables, each bound to the name or URL `targets` gives its resource. */
export function boundVariables(spec: FunctionSpec, targets: BindingTargets): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.environment).map(([variable, binding]) => [
      variable,
      'table' in binding
        ? targets.table(binding.table)
        : 'bucket' in binding
          ? targets.bucket(binding.bucket)
          : 'deadLetterOf' in binding
            ? targets.deadLetter(binding.deadLetterOf)
            : targets.queue(binding.queue),
    ]),
  );
}

/**
 * The DynamoDB actions of the table adapters (shared/adapters/dynamodb/): the only ones a function
 * may take on the table. Never Scan, never DeleteItem — a lease or a reservation ends by an update.
 * A test holds the adapters to this list.
 */
export const TABLE_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'] as const;

export interface FunctionSpec {
  /** The module exporting `handler`, from the repository root. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Environment variable → the resource whose name or URL it carries. */
  readonly environment: Readonly<Record<string, EnvironmentBinding>>;
  /** Environment variables a deployment sets from its own configuration (the connector to the préfecture). */
  readonly settings: readonly string[];
  /** Environment variables holding references to secrets (never their values), provided by the deployment. */
  readonly secrets: readonly string[];
  /** Environment values the topology itself sets: what a function must know of another resource's settings. */
  readonly constants?: Readonly<Record<string, string>>;
  /**
   * Whether it renders PDFs (the extract, or the stamped copy through shared/acts/acknowledge.ts):
   * only then does its bundle carry pdfkit and the fonts (infra/function-bundling.ts).
   */
  readonly rendersPdf?: true;
  readonly trigger:
    | { readonly type: 'http' }
    | { readonly type: 'sqs'; readonly queue: QueueId; readonly batchSize: number }
    | { readonly type: 'schedule'; readonly rateMinutes: number };
}

/**
 * FIFO queues deduplicate and throttle per message group (a séance), not queue-wide: one séance's
 * event ids can never drop another's messages. The local engine takes the same attributes.
 */
export const FIFO_SCOPE = { deduplicationScope: 'messageGroup', fifoThroughputLimit: 'perMessageGroupId' } as const;

/**
 * The largest message a queue takes: 256 KiB. Registre's own messages are a few hundred bytes; the
 * bound keeps any body, even one no consumer can read, within the failure record that keeps it
 * (a table item holds 400 KB).
 */
export const MAX_MESSAGE_BYTES = 262_144;

/** The Lambda rule of thumb for SQS sources: visibility timeout at least six times the function timeout. */
const visibilityFor = (timeoutSeconds: number) => timeoutSeconds * 6;

const SESSION_EVENTS_TIMEOUT = 30;
const CERTIFY_TIMEOUT = 60;
const TRANSMIT_TIMEOUT = 60;

/** Connector settings of the functions that talk to the préfecture (see shared/runtime/prefecture-settings.ts). */
const PREFECTURE_SETTINGS = [
  'PREFECTURE_CONNECTOR',
  'ACTES_ENDPOINT',
  'ACTES_OPERATOR',
  'ACTES_COLLECTIVITE_NATURE',
  'ACTES_ARRONDISSEMENT',
  'ACTES_RETURN_EMAILS',
  'ACTES_CLASSIFICATION_DATE',
  'S2LOW_URL',
  'S2LOW_LOGIN',
] as const;
/** The S²LOW credentials: a Secrets Manager secret whose ARN the functions receive (locally, S2LOW_PASSWORD… directly). */
const PREFECTURE_SECRETS = ['S2LOW_SECRET_ARN'] as const;

// Retries wait out the visibility timeout: the préfecture down for a while is met by later tries,
// then by the dead-letter queue after maxReceiveCount.
const TRANSMISSIONS = {
  name: 'transmissions',
  fifo: false,
  visibilityTimeoutSeconds: visibilityFor(TRANSMIT_TIMEOUT),
  maxReceiveCount: 10,
  deadLetterQueue: 'transmissions-dlq',
} as const satisfies QueueSpec;

/** How long a message of this queue can live before the dead-letter queue takes it: every receive timing out. */
const inFlightMinutes = (queue: QueueSpec) => Math.ceil((queue.visibilityTimeoutSeconds * queue.maxReceiveCount) / 60);

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
      visibilityTimeoutSeconds: visibilityFor(CERTIFY_TIMEOUT),
      maxReceiveCount: 5,
      deadLetterQueue: 'certification-dlq',
    },
    transmissions: TRANSMISSIONS,
  },
  buckets: {
    documents: { name: 'registre-documents' },
  },
  functions: {
    api: {
      entry: 'functions/api/handler.ts',
      timeoutSeconds: 10,
      memoryMb: 512,
      environment: {
        // Lists transmissions and failure records by status.
        TABLE_NAME: { table: 'main', statusIndex: true },
        SESSION_EVENTS_QUEUE_URL: { queue: 'sessionEvents' },
        // Administrators replay messages from the dead-letter queues to their source queues (session events' too).
        CERTIFICATION_QUEUE_URL: { queue: 'certification' },
        TRANSMISSIONS_QUEUE_URL: { queue: 'transmissions' },
        SESSION_EVENTS_DLQ_URL: { deadLetterOf: 'sessionEvents' },
        CERTIFICATION_DLQ_URL: { deadLetterOf: 'certification' },
        TRANSMISSIONS_DLQ_URL: { deadLetterOf: 'transmissions' },
        // Read for the extracts; write for the logged events too large for their table item.
        DOCUMENTS_BUCKET: { bucket: 'documents', access: 'readWrite' },
      },
      // The token issuer (the Cognito user pool on AWS, the local stack's issuer locally) and its app clients;
      // the public site's base URL, which the open data's links to the acts start with.
      settings: ['TOKEN_ISSUER', 'TOKEN_AUDIENCES', 'PUBLIC_SITE_URL'],
      secrets: [],
      trigger: { type: 'http' },
    },
    sessionEvents: {
      entry: 'functions/session-events/handler.ts',
      timeoutSeconds: SESSION_EVENTS_TIMEOUT,
      memoryMb: 512,
      environment: {
        TABLE_NAME: { table: 'main' },
        DOCUMENTS_BUCKET: { bucket: 'documents', access: 'read' },
        CERTIFICATION_QUEUE_URL: { queue: 'certification' },
      },
      settings: [],
      secrets: [],
      trigger: { type: 'sqs', queue: 'sessionEvents', batchSize: 10 },
    },
    certifyAct: {
      entry: 'functions/certify-act/handler.ts',
      // The certified extract.
      rendersPdf: true,
      timeoutSeconds: CERTIFY_TIMEOUT,
      memoryMb: 1024,
      environment: {
        TABLE_NAME: { table: 'main' },
        DOCUMENTS_BUCKET: { bucket: 'documents', access: 'readWrite' },
        TRANSMISSIONS_QUEUE_URL: { queue: 'transmissions' },
      },
      settings: ['PREFECTURE_CONNECTOR'],
      secrets: [],
      trigger: { type: 'sqs', queue: 'certification', batchSize: 5 },
    },
    transmitAct: {
      entry: 'functions/transmit-act/handler.ts',
      // The stamped copy, when the préfecture answers at once.
      rendersPdf: true,
      timeoutSeconds: TRANSMIT_TIMEOUT,
      memoryMb: 1024,
      environment: { TABLE_NAME: { table: 'main' }, DOCUMENTS_BUCKET: { bucket: 'documents', access: 'readWrite' } },
      settings: PREFECTURE_SETTINGS,
      secrets: PREFECTURE_SECRETS,
      // A sending attempt holds its act's lease as long as the function may run.
      constants: { TRANSMISSION_LEASE_SECONDS: String(TRANSMIT_TIMEOUT) },
      trigger: { type: 'sqs', queue: 'transmissions', batchSize: 1 },
    },
    pollAcknowledgements: {
      entry: 'functions/poll-acknowledgements/handler.ts',
      // The stamped copy of each acknowledged act.
      rendersPdf: true,
      timeoutSeconds: 120,
      memoryMb: 1024,
      environment: {
        // Lists the transmissions sent and those still queued.
        TABLE_NAME: { table: 'main', statusIndex: true },
        DOCUMENTS_BUCKET: { bucket: 'documents', access: 'readWrite' },
        TRANSMISSIONS_QUEUE_URL: { queue: 'transmissions' },
      },
      settings: PREFECTURE_SETTINGS,
      secrets: PREFECTURE_SECRETS,
      // A transmission message may be in flight this long before it can only be dead (shared/acts/requeue-policy.ts).
      constants: { TRANSMISSION_IN_FLIGHT_MINUTES: String(inFlightMinutes(TRANSMISSIONS)) },
      trigger: { type: 'schedule', rateMinutes: 1 },
    },
  },
} as const satisfies {
  tables: Record<string, TableSpec>;
  queues: Record<string, QueueSpec>;
  buckets: Record<string, BucketSpec>;
  functions: Record<string, FunctionSpec>;
};

export type Topology = typeof topology;
export type TableId = 'main';
export type QueueId = 'sessionEvents' | 'certification' | 'transmissions';
export type BucketId = 'documents';
export type FunctionId = keyof Topology['functions'];
