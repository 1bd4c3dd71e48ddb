/**
 * End to end on the local stack: N generated séances (`seances.ts`) posted concurrently through the
 * API, one request per step, every act signed after its séance; the pipeline certifies, transmits and
 * the préfecture simulator acknowledges at once. Reports délibérations per second from the first event
 * to the last acknowledgement, and the latency from each `ActSigned` accepted to its act acknowledged.
 * Then the engines' own ceiling: the same calls, issued directly with the SDK at the same concurrency
 * (`ceiling.ts`). And the requests one délibération costs, for the seed séance and a generated one.
 */
import type { TransmissionRecord } from '#ports/act-store';
import { startStackDriver, type StackDriver } from './local-stack-driver.ts';
import { billOf } from './bill.ts';
import { engineCeiling } from './ceiling.ts';
import { costSection } from './cost.ts';
import { median, percentile, type Figure, type Section } from './report.ts';
import type { Usage } from './request-counter.ts';
import { actualRequests, minimumRequests, sum, type SeanceShape } from './requests.ts';
import { generatedSeance, seedEvents, seedSeance, type GeneratedSeance } from './seances.ts';

export interface PipelineRun {
  readonly seances: number;
  readonly deliberations: number;
  readonly seconds: number;
  readonly latenciesMs: readonly number[];
  /**
   * Where that time goes, median of each stage in ms: until the transmission is queued (session-events
   * applying the signature, certify-act rendering and storing the extract), until it is sent
   * (transmit-act: the archive, the préfecture's check), until it is acknowledged (the stamped copy).
   */
  readonly stagesMs: { readonly certified: number; readonly sent: number; readonly acknowledged: number };
  readonly usage: Usage;
}

/** Posts the séances concurrently, each one step after another, then waits for every act to be acknowledged. */
export async function runSeances(driver: StackDriver, seances: readonly GeneratedSeance[]): Promise<PipelineRun> {
  const accepted = new Map<string, number>();
  await driver.reset();
  const start = Date.now();
  await Promise.all(
    seances.map(async (seance) => {
      for (const event of seance.during) await driver.post(seance.siren, seance.sessionId, event);
      for (const [k, event] of seance.signatures.entries())
        accepted.set(seance.actesIds[k]!, await driver.post(seance.siren, seance.sessionId, event));
    }),
  );
  const actesIds = seances.flatMap((s) => s.actesIds);
  const records = await driver.acknowledged(actesIds, 600);
  const end = Math.max(...records.map((r) => Date.parse(r.acknowledgedAt!)));
  return {
    seances: seances.length,
    deliberations: actesIds.length,
    seconds: (end - start) / 1000,
    latenciesMs: records.map((r: TransmissionRecord) => Date.parse(r.acknowledgedAt!) - accepted.get(r.actesId)!),
    stagesMs: {
      certified: median(records.map((r) => Date.parse(r.queuedAt) - accepted.get(r.actesId)!)),
      sent: median(records.map((r) => Date.parse(r.sentAt!) - Date.parse(r.queuedAt))),
      acknowledged: median(records.map((r) => Date.parse(r.acknowledgedAt!) - Date.parse(r.sentAt!))),
    },
    usage: await driver.usage(),
  };
}

/** The shape of a run's séances, for the argued minimum of requests. */
const shapeOf = (seances: readonly GeneratedSeance[]): SeanceShape => ({
  events: seances.reduce((n, s) => n + s.during.length + s.signatures.length, 0) / seances.length,
  deliberations: seances.reduce((n, s) => n + s.actesIds.length, 0) / seances.length,
});

/** Requests per délibération, actual against the argued minimum. */
function requestsOf(run: PipelineRun, shape: SeanceShape) {
  const actual = actualRequests(run.usage);
  const minimum = minimumRequests(shape);
  const per = (counts: Record<string, number>, d: number) => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / d]));
  return {
    actual: sum(actual) / run.deliberations,
    minimum: sum(minimum) / shape.deliberations,
    byFunction: { actual: per(actual, run.deliberations), minimum: per(minimum, shape.deliberations) },
  };
}

export async function measure(options: { seances?: number } = {}): Promise<Section> {
  const count = options.seances ?? Number(process.env.BENCH_SEANCES ?? 50);
  const driver = await startStackDriver();
  try {
    const seed = seedEvents();
    // Each function's first invocation loads what it keeps (fonts, schemas, clients): not what is measured.
    await runSeances(driver, [generatedSeance(0, seed)]);
    const seedSeanceRun = await runSeances(driver, [seedSeance(seed)]);
    const alone = [generatedSeance(1, seed)];
    const one = await runSeances(driver, alone);
    const seances = Array.from({ length: count }, (_, i) => generatedSeance(100 + i, seed));
    const run = await runSeances(driver, seances);
    const concurrency = Math.max(1, Math.round(run.usage.concurrency.mean));
    const ceiling = await engineCeiling(
      run.usage,
      { dynamodb: driver.info.engines.dynamodb.endpoint, sqsAndS3: driver.info.engines.sqs.endpoint },
      concurrency,
    );
    const requests = {
      seed: requestsOf(seedSeanceRun, shapeOf([seedSeance(seed)])),
      generated: requestsOf(one, shapeOf(alone)),
      load: requestsOf(run, shapeOf(seances)),
    };
    const processed = seedSeanceRun.deliberations + one.deliberations + run.deliberations;
    const stored = await driver.storedBytes();
    // On Lambda each invocation has a CPU of its own; under the load run, every function of the local
    // stack shares two cores, and its durations say more about the machine than about the bill.
    const bill = billOf(one.usage, one, { table: stored.table / processed, bucket: stored.bucket / processed });
    const costs = costSection(bill);
    costs.figures.forEach((figure) => Object.assign(figure, { name: `€ per 1,000 délibérations, ${figure.name}` }));
    const figures: Figure[] = [
      {
        name: `délibérations per second (${run.seances} séances of ${alone[0]!.actesIds.length}, posted at once)`,
        value: run.deliberations / run.seconds,
        unit: '/s',
      },
      { name: 'the engines alone, same calls and concurrency', value: run.deliberations / ceiling.seconds, unit: '/s' },
      { name: 'pipeline ÷ engines’ ceiling', value: ceiling.seconds / run.seconds, unit: '×', target: { min: 0.6 } },
      { name: 'ActSigned accepted → acknowledged, p50, under that load', value: median(run.latenciesMs), unit: 'ms' },
      { name: 'ActSigned accepted → acknowledged, p95, under that load', value: percentile(run.latenciesMs, 95), unit: 'ms' },
      { name: 'ActSigned accepted → acknowledged, p99, under that load', value: percentile(run.latenciesMs, 99), unit: 'ms' },
      { name: `one séance alone (${one.deliberations} acts signed in a row): p50`, value: median(one.latenciesMs), unit: 'ms' },
      { name: `one séance alone: p99`, value: percentile(one.latenciesMs, 99), unit: 'ms', target: { max: 1000 } },
      { name: 'the seed act alone: ActSigned → acknowledged', value: seedSeanceRun.latenciesMs[0]!, unit: 'ms', target: { max: 1000 } },
      { name: 'requests per délibération, seed séance', value: requests.seed.actual, unit: '' },
      { name: 'requests per délibération, generated séance', value: requests.generated.actual, unit: '' },
      { name: 'argued minimum, generated séance', value: requests.generated.minimum, unit: '' },
      {
        name: 'requests ÷ minimum, generated séance',
        value: requests.generated.actual / requests.generated.minimum,
        unit: '×',
        target: { max: 1.5 },
      },
      { name: 'requests ÷ minimum, seed séance', value: requests.seed.actual / requests.seed.minimum, unit: '×', target: { max: 1.5 } },
      ...costs.figures,
    ];
    return {
      section: 'End to end on the local stack',
      figures,
      details: {
        ceiling,
        requests,
        bill,
        cost: costs.details,
        runs: Object.fromEntries(
          Object.entries({ seed: seedSeanceRun, alone: one, load: run }).map(([name, r]) => [name, { ...r, latenciesMs: undefined }]),
        ),
      },
    };
  } finally {
    await driver.stop();
  }
}

if (import.meta.main) {
  const { formatSection } = await import('./report.ts');
  const section = await measure();
  console.log(formatSection(section));
  if (process.argv.includes('--details')) console.log(JSON.stringify(section.details, null, 1));
}
