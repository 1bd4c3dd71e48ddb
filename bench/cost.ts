/**
 * What 1,000 délibérations cost on AWS, from what one délibération uses (measured end to end by the
 * benchmark) and the list prices of eu-west-3 in `bench/prices.json`. Pure arithmetic: the only input
 * besides its arguments is that file, imported once.
 *
 * Billing rules the arithmetic follows (each price's page is named in prices.json):
 * - Lambda bills each invocation as a request, and its duration rounded up to the next 1 ms times the
 *   configured memory, in GB-seconds (memory in MB / 1024); every function runs on arm64
 *   (infra/registre-stack.ts), so the arm64 rate applies.
 * - SQS bills every API action as one request per 64 KB chunk of its payload (a 256 KB message is
 *   four requests), FIFO at the FIFO rate.
 * - DynamoDB on demand bills one read request unit per 4 KB read strongly consistently (half for an
 *   eventually consistent read, two for a transactional one), and one write request unit per 1 KB
 *   written (two for a transactional write); storage by the GB-month, 100 bytes of overhead per item.
 * - S3 Standard bills PUT, COPY, POST and LIST by the 1,000, GET and the other requests by the 1,000,
 *   storage by the GB-month (every locked version counts).
 * - HTTP API bills a request per 512 KB of request or response.
 * - Storage is billed in GB of 2^30 bytes.
 * Free tiers are ignored, and so are the costs that do not grow with the délibérations (the secret's
 * monthly fee, the pollers' empty receives, alarms and dashboards).
 */
import prices from './prices.json' with { type: 'json' };
import type { Section } from './report.ts';

/** A list price: `value` dollars for `per` units. */
export interface Price {
  readonly value: number;
  readonly per: number;
  readonly unit: string;
  readonly currency: string;
  /** The day the price was read. */
  readonly read: string;
  /** The publication date of the AWS Price List offer file the value comes from, when known. */
  readonly priceListDate?: string;
  readonly source: string;
  /** Where the value comes from, and how sure it is. */
  readonly note: string;
}

/** A billing rule given as a number (a chunk size), with its source. */
export interface Rule {
  readonly value: number;
  readonly unit: string;
  readonly read: string;
  readonly source: string;
  readonly note: string;
}

/** The shape of `bench/prices.json`. */
export interface Prices {
  readonly region: string;
  readonly exchangeRate: { readonly usdPerEur: number; readonly date: string; readonly source: string; readonly url: string };
  readonly lambda: { readonly requests: Price; readonly gbSecondArm64: Price; readonly gbSecondX86: Price };
  readonly dynamodb: { readonly writeRequestUnits: Price; readonly readRequestUnits: Price; readonly storage: Price };
  readonly sqs: { readonly standardRequests: Price; readonly fifoRequests: Price; readonly chunkBytes: Rule };
  readonly s3: { readonly writeRequests: Price; readonly readRequests: Price; readonly storage: Price };
  readonly httpApi: { readonly requests: Price; readonly meteringBytes: Rule };
  readonly secretsManager: { readonly apiCalls: Price; readonly secretMonth: Price };
  readonly cloudWatchLogs: { readonly ingestion: Price; readonly storage: Price };
}

/** The list prices of eu-west-3, as `bench/prices.json` records them. */
export const LIST_PRICES: Prices = prices;

/** One function's share of a délibération. */
export interface FunctionUsage {
  /** Invocations, averaged: a batch of ten messages counts a tenth for each of them. */
  readonly invocations: number;
  /**
   * Billed duration in ms, summed over those invocations, each rounded up to the next 1 ms as Lambda
   * bills it (the `Billed Duration` of the REPORT log line), averaged like the invocations.
   */
  readonly billedMs: number;
  /** The function's configured memory (infra/topology.ts). */
  readonly memoryMb: number;
}

/**
 * What ONE délibération uses on average, from the opening of its séance to the préfecture's
 * acknowledgement: the séance's own work (opening, roll call, closing) shared among its
 * délibérations, and the console's reads while the séance runs. Every count is per délibération and
 * may be fractional.
 */
export interface Usage {
  /** By function name (`api`, `sessionEvents`, `certifyAct`, `transmitAct`, `pollAcknowledgements`). */
  readonly lambda: Readonly<Record<string, FunctionUsage>>;
  readonly dynamodb: {
    /** Read request units consumed: 1 per 4 KB read strongly consistently, ½ eventually, 2 in a transaction. */
    readonly readUnits: number;
    /** Write request units consumed: 1 per 1 KB written, 2 in a transaction, index writes included. */
    readonly writeUnits: number;
    /** Bytes left in the table and its index once the act is acknowledged, 100 bytes of overhead per item included. */
    readonly storedBytes: number;
  };
  readonly sqs: {
    /** Requests on `session-events.fifo` (send, receive, delete, change visibility), each counted per 64 KB chunk. */
    readonly fifoRequests: number;
    /** Requests on `certification` and `transmissions`, counted likewise. */
    readonly standardRequests: number;
  };
  readonly s3: {
    /** PUT, COPY, POST and LIST requests. */
    readonly puts: number;
    /** GET, HEAD and every other request. */
    readonly gets: number;
    /** Bytes left in the archive (extracts, stamped copy, transmission archive, large logged events), every version. */
    readonly storedBytes: number;
  };
  /** HTTP API requests, counted per 512 KB of request or response; the console's polling included. */
  readonly httpApiRequests: number;
  /** Secrets Manager API calls (the S²LOW secret read by the transmission functions). */
  readonly secretsManagerCalls: number;
  /** Bytes ingested by CloudWatch Logs: the functions' logs and the API's access log. */
  readonly logBytes: number;
}

/** The line items of a bill, each in euros for 1,000 délibérations. */
export type LineItem =
  | 'lambdaRequests'
  | 'lambdaDuration'
  | 'dynamodbReads'
  | 'dynamodbWrites'
  | 'dynamodbStorage'
  | 'sqsFifo'
  | 'sqsStandard'
  | 's3Puts'
  | 's3Gets'
  | 's3Storage'
  | 'httpApi'
  | 'secretsManager'
  | 'logsIngestion'
  | 'logsStorage';

export type Service = 'Lambda' | 'DynamoDB' | 'SQS' | 'S3' | 'API Gateway (HTTP API)' | 'Secrets Manager' | 'CloudWatch Logs';

/** Which service bills each line item. */
export const SERVICE_OF: Readonly<Record<LineItem, Service>> = {
  lambdaRequests: 'Lambda',
  lambdaDuration: 'Lambda',
  dynamodbReads: 'DynamoDB',
  dynamodbWrites: 'DynamoDB',
  dynamodbStorage: 'DynamoDB',
  sqsFifo: 'SQS',
  sqsStandard: 'SQS',
  s3Puts: 'S3',
  s3Gets: 'S3',
  s3Storage: 'S3',
  httpApi: 'API Gateway (HTTP API)',
  secretsManager: 'Secrets Manager',
  logsIngestion: 'CloudWatch Logs',
  logsStorage: 'CloudWatch Logs',
};

export interface Cost {
  /** Euros for 1,000 délibérations, by line item. */
  readonly lines: Readonly<Record<LineItem, number>>;
  /** Euros for 1,000 délibérations, by service. */
  readonly byService: Readonly<Record<Service, number>>;
  /** Euros for 1,000 délibérations: the sum of the lines. */
  readonly total: number;
}

const DELIBERATIONS = 1000;
const BYTES_PER_GB = 2 ** 30;
/** Tables and archive are priced for the first year an act is kept (the archive keeps it ten years at least). */
const MONTHS_STORED = 12;
/** How long the log groups keep their events (RetentionDays.THREE_MONTHS in infra/). */
export const LOG_RETENTION_MONTHS = 3;

/** The total at most, in euros per 1,000 délibérations, that the design aims for. */
export const TARGET_EUR_PER_1000 = 0.1;

const unitPrice = (price: Price) => price.value / price.per;

/** Every count of the usage, named by its path, refused unless finite and not negative. */
function checkUsage(usage: Usage): void {
  const counts: [string, number][] = [
    ...Object.entries(usage.lambda).flatMap(([name, fn]) =>
      Object.entries(fn).map(([key, value]): [string, number] => [`lambda.${name}.${key}`, value]),
    ),
    ...Object.entries(usage.dynamodb).map(([key, value]): [string, number] => [`dynamodb.${key}`, value]),
    ...Object.entries(usage.sqs).map(([key, value]): [string, number] => [`sqs.${key}`, value]),
    ...Object.entries(usage.s3).map(([key, value]): [string, number] => [`s3.${key}`, value]),
    ['httpApiRequests', usage.httpApiRequests],
    ['secretsManagerCalls', usage.secretsManagerCalls],
    ['logBytes', usage.logBytes],
  ];
  const wrong = counts.filter(([, value]) => !Number.isFinite(value) || value < 0);
  if (wrong.length > 0) throw new RangeError(`usage must be finite and not negative: ${wrong.map(([path]) => path).join(', ')}`);
}

/** What 1,000 délibérations cost, in euros, each using `usage`, at `prices`. */
export function costPer1000(usage: Usage, prices: Prices): Cost {
  checkUsage(usage);
  const functions = Object.values(usage.lambda);
  const invocations = functions.reduce((sum, fn) => sum + fn.invocations, 0);
  const gbSeconds = functions.reduce((sum, fn) => sum + (fn.billedMs / 1000) * (fn.memoryMb / 1024), 0);
  const gbMonths = (bytes: number, months: number) => (bytes / BYTES_PER_GB) * months;
  const usd: Record<LineItem, number> = {
    lambdaRequests: invocations * unitPrice(prices.lambda.requests),
    lambdaDuration: gbSeconds * unitPrice(prices.lambda.gbSecondArm64),
    dynamodbReads: usage.dynamodb.readUnits * unitPrice(prices.dynamodb.readRequestUnits),
    dynamodbWrites: usage.dynamodb.writeUnits * unitPrice(prices.dynamodb.writeRequestUnits),
    dynamodbStorage: gbMonths(usage.dynamodb.storedBytes, MONTHS_STORED) * unitPrice(prices.dynamodb.storage),
    sqsFifo: usage.sqs.fifoRequests * unitPrice(prices.sqs.fifoRequests),
    sqsStandard: usage.sqs.standardRequests * unitPrice(prices.sqs.standardRequests),
    s3Puts: usage.s3.puts * unitPrice(prices.s3.writeRequests),
    s3Gets: usage.s3.gets * unitPrice(prices.s3.readRequests),
    s3Storage: gbMonths(usage.s3.storedBytes, MONTHS_STORED) * unitPrice(prices.s3.storage),
    httpApi: usage.httpApiRequests * unitPrice(prices.httpApi.requests),
    secretsManager: usage.secretsManagerCalls * unitPrice(prices.secretsManager.apiCalls),
    logsIngestion: (usage.logBytes / BYTES_PER_GB) * unitPrice(prices.cloudWatchLogs.ingestion),
    logsStorage: gbMonths(usage.logBytes, LOG_RETENTION_MONTHS) * unitPrice(prices.cloudWatchLogs.storage),
  };
  const toEur = (dollars: number) => (dollars * DELIBERATIONS) / prices.exchangeRate.usdPerEur;
  const lines = Object.fromEntries(Object.entries(usd).map(([item, dollars]) => [item, toEur(dollars)])) as Record<LineItem, number>;
  const byService = Object.fromEntries(Object.values(SERVICE_OF).map((service) => [service, 0])) as Record<Service, number>;
  for (const [item, eur] of Object.entries(lines) as [LineItem, number][]) byService[SERVICE_OF[item]] += eur;
  const total = Object.values(lines).reduce((sum, eur) => sum + eur, 0);
  return { lines, byService, total };
}

/** The cost as a benchmark section: euros per 1,000 délibérations by service, and the total against its target. */
export function costSection(usage: Usage, prices: Prices = LIST_PRICES): Section {
  const cost = costPer1000(usage, prices);
  return {
    section: `AWS cost per 1,000 délibérations (${prices.region} list prices, free tiers excluded)`,
    figures: [
      ...(Object.entries(cost.byService) as [Service, number][]).map(([service, eur]) => ({ name: service, value: eur, unit: '€' })),
      { name: 'total', value: cost.total, unit: '€', target: { max: TARGET_EUR_PER_1000 } },
    ],
    details: {
      usagePerDeliberation: usage,
      linesEur: cost.lines,
      exchangeRate: prices.exchangeRate,
      storage: `${MONTHS_STORED} months for the table and the archive, ${LOG_RETENTION_MONTHS} for the logs`,
    },
  };
}
