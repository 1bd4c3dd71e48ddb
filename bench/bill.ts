/**
 * From what a run used (`request-counter.ts`) to what one délibération costs on AWS (`cost.ts`):
 * every count divided by the délibérations of the run. Two figures the local stack cannot count are
 * estimated, and said so: CloudWatch Logs (Lambda's START/END/REPORT lines and the API's access-log
 * line; the functions log at WARN) and Secrets Manager (the S²LOW secret, read once per container
 * start by the transmitting functions: counted as one call per séance, as if each séance's acts
 * started a container of their own — more than a busy day would see).
 */
import type { Usage as CostUsage } from './cost.ts';
import type { Usage } from './request-counter.ts';

/** Lambda's three platform lines per invocation, as they are in a log group (bytes). */
export const PLATFORM_LOG_BYTES = 420;
/** One access-log line of the HTTP API, with the fields infra/http-api.ts asks for (bytes). */
export const ACCESS_LOG_BYTES = 520;

const READS = ['GetItem', 'Query', 'BatchGetItem', 'Scan'];

export function billOf(
  usage: Usage,
  run: { deliberations: number; seances: number },
  stored: { table: number; bucket: number },
): CostUsage {
  const { deliberations } = run;
  const per = (n: number) => n / deliberations;
  let readUnits = 0;
  let writeUnits = 0;
  let fifo = 0;
  let standard = 0;
  let puts = 0;
  let gets = 0;
  for (const [key, callers] of Object.entries(usage.calls))
    for (const figures of Object.values(callers)) {
      const [service, operation] = key.split(' ') as [string, string];
      if (service === 'DynamoDB') {
        if (READS.includes(operation)) readUnits += figures.capacityUnits;
        else writeUnits += figures.capacityUnits;
      } else if (service === 'SQS') {
        // Empty receives are the event source mapping's polling, paid by the minute, not per délibération.
        const billed = figures.billedRequests - figures.empty;
        if (key.endsWith('(FIFO)')) fifo += billed;
        else standard += billed;
      } else if (service === 'S3') {
        if (operation === 'GetObject' || operation === 'HeadObject') gets += figures.calls;
        else puts += figures.calls;
      }
    }
  const invocations = Object.values(usage.invocations).reduce((sum, f) => sum + f.invocations, 0);
  const apiRequests = usage.invocations.api?.invocations ?? 0;
  return {
    lambda: Object.fromEntries(
      Object.entries(usage.invocations).map(([name, f]) => [
        name,
        { invocations: per(f.invocations), billedMs: per(f.billedMs), memoryMb: f.memoryMb },
      ]),
    ),
    dynamodb: { readUnits: per(readUnits), writeUnits: per(writeUnits), storedBytes: per(stored.table) },
    sqs: { fifoRequests: per(fifo), standardRequests: per(standard) },
    s3: { puts: per(puts), gets: per(gets), storedBytes: per(stored.bucket) },
    httpApiRequests: per(apiRequests),
    secretsManagerCalls: per(run.seances),
    logBytes: per(invocations * PLATFORM_LOG_BYTES + apiRequests * ACCESS_LOG_BYTES),
  };
}
