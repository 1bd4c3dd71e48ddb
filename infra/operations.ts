/**
 * What the operators watch beside the dead-letter queues (whose alarms the stack sets itself): an
 * alarm on every function's errors and throttles, on the API's 5xx answers and on the age of every
 * source queue's oldest message, all publishing to the alarm topic; and one dashboard, named after the
 * prefix, showing what Registre did (the business metrics the functions count, see
 * shared/runtime/observability.ts) beside how its functions, queues and API behaved.
 *
 * Every alarm is named `<prefix>-…`: the alarm topic lets only the alarms named so publish to it. A
 * metric with no data (no invocation, an idle queue) is not a breach.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS, METRICS_NAMESPACE, SERVICE_NAME, type BusinessMetric } from '#runtime/observability';

export interface OperationsProps {
  /** Where every alarm publishes (the stack's alarm topic). */
  readonly topic: ITopic;
  /** The functions, by a name the alarms take in kebab case (`certifyAct` → `<prefix>-certify-act-errors`). */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The source queues (not their dead-letter queues, which have alarms of their own), by name as for the functions. */
  readonly queues: Readonly<Record<string, IQueue>>;
  readonly api: IHttpApi;
  /** Starts every alarm name, and names the dashboard: the stack name in lower case. */
  readonly prefix: string;
  /**
   * The age of a source queue's oldest message that raises its alarm; 15 minutes by default. A
   * message is taken within seconds when all is well, and each retry waits a visibility timeout
   * (3 minutes for session events, 6 for the other queues): 15 minutes is a few retries, long enough
   * for a passing fault to clear and short enough that a secretariat still waiting on its séance is
   * told little later. A message that old means no consumer takes the queue (the function throttled,
   * its trigger disabled) or one keeps failing — and in the FIFO queue it holds back its séance until
   * it reaches the dead-letter queue (5 tries, 15 minutes). A préfecture down for that long raises it
   * for the transmissions queue too, beside transmit-act's errors.
   */
  readonly maxMessageAge?: Duration;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Operations extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { prefix, topic } = props;
    const maxAge = props.maxMessageAge ?? Duration.minutes(15);
    const alarm = (id: string, name: string, description: string, metric: IMetric, threshold: number) => {
      const created = new Alarm(this, id, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(topic));
      this.alarms.push(created);
    };

    for (const [key, fn] of Object.entries(props.functions)) {
      const name = kebab(key);
      alarm(
        `${pascal(key)}Errors`,
        `${name}-errors`,
        `The ${name} function failed at least once in 5 minutes (an error thrown, a timeout, out of memory). Read its log group for the error. A queue message it failed on is retried, then kept in the dead-letter queue (see \`registre failures\`); a scheduled run is run again at the next tick.`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM }),
        1,
      );
      alarm(
        `${pascal(key)}Throttles`,
        `${name}-throttles`,
        `Lambda refused to run the ${name} function at least once in 5 minutes: the concurrency of the account or of the function is used up. Queue messages wait, a scheduled run is skipped, API requests fail. Check which functions use the account's concurrency, and its quota.`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: Stats.SUM }),
        1,
      );
    }
    alarm(
      'ApiServerErrors',
      'api-5xx',
      'The HTTP API answered 5xx at least once in 5 minutes: a 500 is an error the API function caught (its log has it, under the request id), a 503 a séance kept busy by another post or the function throttled or timed out. The API function answers its own errors, so its Errors alarm does not show them.',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM }),
      1,
    );
    for (const [key, queue] of Object.entries(props.queues)) {
      const name = kebab(key);
      alarm(
        `${pascal(key)}MessageAge`,
        `${name}-message-age`,
        `A message has waited ${maxAge.toMinutes()} minutes or more in the ${name} queue: its consumer does not take it (throttled, its trigger disabled) or keeps failing on it. Check the consumer's errors and throttles; in a FIFO queue the message holds back its séance until it is dealt with.`,
        queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: Stats.MAXIMUM }),
        maxAge.toSeconds(),
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.days(7),
      widgets: [
        [new TextWidget({ markdown: `# ${prefix}\nActs and séances, then functions, queues and API.`, width: 24, height: 1 })],
        [
          new SingleValueWidget({
            title: 'Over the period',
            metrics: BUSINESS_METRICS.map((name) => businessMetric(name, Duration.days(1))),
            setPeriodToTimeRange: true,
            width: 24,
            height: 3,
          }),
        ],
        [
          new GraphWidget({
            title: 'Acts (per hour)',
            left: BUSINESS_METRICS.filter((name) => name.startsWith('Acts')).map((name) => businessMetric(name, Duration.hours(1))),
            width: 16,
          }),
          new GraphWidget({
            title: 'Quorum not reached (per hour)',
            left: [businessMetric('QuorumNotReached', Duration.hours(1))],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Function errors',
            left: Object.entries(props.functions).map(([key, fn]) => fn.metricErrors({ label: kebab(key), period: FIVE_MINUTES })),
            width: 12,
          }),
          new GraphWidget({
            title: 'Function duration (p95)',
            left: Object.entries(props.functions).map(([key, fn]) =>
              fn.metricDuration({ label: kebab(key), period: FIVE_MINUTES, statistic: Stats.p(95) }),
            ),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Messages waiting',
            left: Object.entries(props.queues).map(([key, queue]) =>
              queue.metricApproximateNumberOfMessagesVisible({ label: kebab(key), period: FIVE_MINUTES, statistic: Stats.MAXIMUM }),
            ),
            width: 12,
          }),
          new GraphWidget({
            title: 'Age of the oldest message (s)',
            left: Object.entries(props.queues).map(([key, queue]) =>
              queue.metricApproximateAgeOfOldestMessage({ label: kebab(key), period: FIVE_MINUTES, statistic: Stats.MAXIMUM }),
            ),
            leftAnnotations: [{ value: maxAge.toSeconds(), label: 'alarm' }],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'API requests and 5xx',
            left: [props.api.metricCount({ label: 'requests', period: FIVE_MINUTES, statistic: Stats.SUM })],
            right: [props.api.metricServerError({ label: '5xx', period: FIVE_MINUTES, statistic: Stats.SUM })],
            width: 12,
          }),
          new GraphWidget({
            title: 'API latency (ms)',
            left: [
              props.api.metricLatency({ label: 'p50', period: FIVE_MINUTES, statistic: Stats.p(50) }),
              props.api.metricLatency({ label: 'p95', period: FIVE_MINUTES, statistic: Stats.p(95) }),
            ],
            width: 12,
          }),
        ],
      ],
    });
  }
}

/** A business metric as Powertools writes it: namespace Registre, its one default dimension `service`. */
function businessMetric(name: BusinessMetric, period: Duration): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: Stats.SUM,
    period,
    label: name,
  });
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
