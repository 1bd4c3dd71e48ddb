/**
 * What the functions tell CloudWatch and X-Ray about their work, beside their logs (`logger.ts`).
 *
 * `metrics` (Powertools Metrics, namespace `Registre`, the one dimension `service=registre`) counts
 * the facts that show whether Registre does its job — acts getting from the séance to the préfecture,
 * and séances stopped by their quorum — which the technical metrics (errors, queue ages) cannot say:
 * - `ActsCertified`: certify-act stored an act's certified extract (functions/certify-act/certify.ts);
 * - `ActsTransmitted`: transmit-act handed an act to the préfecture, which took it in
 *   (functions/transmit-act/transmit.ts);
 * - `ActsAcknowledged`, `ActsRefused`: the préfecture's answer recorded, given at once or polled later
 *   (shared/acts/acknowledge.ts); a refusal includes Registre's own when it has nothing to send (no
 *   classification);
 * - `ActsCancelled`: a transmission cancelled, as the collectivité asked (shared/acts/dialogue.ts) or the
 *   préfecture side reported it (shared/acts/acknowledge.ts);
 * - `LettersReceived`, `LettersAnswered`: a letter of the préfecture kept (shared/acts/receive-letters.ts),
 *   an answer sent (shared/acts/dialogue.ts);
 * - `QuorumNotReached`: a vote the séance's rules refused for want of quorum, as the session-events
 *   consumer records it (functions/session-events/process-event.ts).
 * Each is counted where the fact is recorded, once that write has succeeded, and only by the attempt
 * whose conditional write made it: a redelivered message finds the work done and counts nothing. A
 * crash between the write and the end of the invocation loses that count: at most once, never twice.
 * They leave as Embedded Metric Format lines on stdout, once per invocation (`observed()`), which
 * CloudWatch turns into metrics: no API call, no latency, no permission.
 *
 * `tracer` (Powertools Tracer, X-Ray) times each invocation, its AWS SDK calls (`aws-clients.ts`) and
 * its HTTPS requests (the préfecture), so that a slow transmission shows where its time went.
 *
 * Both only on Lambda (`AWS_LAMBDA_FUNCTION_NAME`, which the runtime sets). The same handlers run in
 * one Node process for the local stack and the test suites, where nothing reads stdout for metrics
 * and no X-Ray daemon listens: there the metrics are disabled, unless `POWERTOOLS_METRICS_DISABLED`
 * says otherwise (a test reading the EMF sets it to `false` before importing this module), and the
 * tracer is not even loaded — the X-Ray SDK installs an async hook on every promise as soon as it is
 * imported. On Lambda, `POWERTOOLS_METRICS_DISABLED=true` and `POWERTOOLS_TRACE_ENABLED=false` turn
 * them off as Powertools documents.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';

export const METRICS_NAMESPACE = 'Registre';
/** The service name, also the `service` dimension Powertools adds to every metric. */
export const SERVICE_NAME = 'registre';
export const BUSINESS_METRICS = [
  'ActsCertified',
  'ActsTransmitted',
  'ActsAcknowledged',
  'ActsRefused',
  'ActsCancelled',
  'ActsPublished',
  'LettersReceived',
  'LettersAnswered',
  'QuorumNotReached',
] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];

const onLambda = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;

/** Powertools reads `POWERTOOLS_METRICS_DISABLED` once, when the instance is built: off Lambda it defaults to true for that moment only. */
function buildMetrics(): Metrics {
  const build = () => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  if (onLambda || process.env.POWERTOOLS_METRICS_DISABLED !== undefined) return build();
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    return build();
  } finally {
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  }
}

export const metrics = buildMetrics();

/** Undefined off Lambda, or where `POWERTOOLS_TRACE_ENABLED=false`. */
export const tracer: Tracer | undefined =
  onLambda && process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ serviceName: SERVICE_NAME })
    : undefined;

/** Counts one business fact; it leaves with the invocation's other metrics when the invocation ends. */
export function count(metric: BusinessMetric): void {
  metrics.addMetric(metric, MetricUnit.Count, 1);
}

/**
 * Writes the metrics counted so far, if any, as one EMF line. Powertools' own `logMetrics` warns on
 * every invocation that counted nothing (most of them): this stays quiet instead.
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * The middlewares of every handler: the invocation traced (on Lambda), then its metrics flushed once
 * it ends, whether it succeeded or failed. The response is not put in the trace: an API answer may
 * carry a séance's names.
 */
export function observed(): middy.MiddlewareObj[] {
  const flush: middy.MiddlewareObj = { after: flushMetrics, onError: flushMetrics };
  return tracer ? [captureLambdaHandler(tracer, { captureResponse: false }) as middy.MiddlewareObj, flush] : [flush];
}
