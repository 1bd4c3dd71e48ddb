/**
 * The operations construct on a bare stack of its own — three functions, two source queues (one
 * FIFO), an HTTP API and a topic: an errors and a throttles alarm per function, a message-age alarm
 * per queue, the API's 5xx alarm, every one named under the prefix and publishing to the topic; and
 * the dashboard, named after the prefix, showing the business metrics as the functions write them.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, test } from 'vitest';
import { Operations } from '#infra/operations';
import { BUSINESS_METRICS } from '#runtime/observability';

function bareStack(maxMessageAge?: Duration) {
  const stack = new Stack(new App(), 'Bare');
  const fn = (id: string) =>
    new Function(stack, id, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('export const handler = async () => {};'),
    });
  const functions = { api: fn('Api'), sessionEvents: fn('SessionEvents'), transmitAct: fn('TransmitAct') };
  const queues = {
    sessionEvents: new Queue(stack, 'SessionEventsQueue', { fifo: true }),
    transmissions: new Queue(stack, 'TransmissionsQueue'),
  };
  const topic = new Topic(stack, 'Alarms');
  const api = new HttpApi(stack, 'HttpApi');
  new Operations(stack, 'Operations', { topic, functions, queues, api, prefix: 'bare', ...(maxMessageAge && { maxMessageAge }) });
  return {
    template: Template.fromStack(stack),
    resolve: (value: unknown) => stack.resolve(value) as unknown,
    functions,
    queues,
    topic,
    api,
  };
}

const { template, resolve, functions, queues, topic, api } = bareStack();
const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);

describe('the operations alarms', () => {
  test('one errors and one throttles alarm per function, on its own metric, at the first one in 5 minutes', () => {
    for (const [key, name] of [
      ['api', 'api'],
      ['sessionEvents', 'session-events'],
      ['transmitAct', 'transmit-act'],
    ] as const) {
      const dimensions = [{ Name: 'FunctionName', Value: resolve(functions[key].functionName) }];
      for (const [metric, suffix] of [
        ['Errors', 'errors'],
        ['Throttles', 'throttles'],
      ])
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `bare-${name}-${suffix}`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: dimensions,
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
    }
  });

  test('one message-age alarm per source queue, at 15 minutes unless told otherwise', () => {
    for (const [key, name] of [
      ['sessionEvents', 'session-events'],
      ['transmissions', 'transmissions'],
    ] as const)
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `bare-${name}-message-age`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: resolve(queues[key].queueName) }],
        Statistic: 'Maximum',
        Threshold: 900,
      });
    const shorter = bareStack(Duration.minutes(5)).template;
    shorter.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'bare-transmissions-message-age', Threshold: 300 });
  });

  test('the API’s 5xx answers', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'bare-api-5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: resolve(api.apiId) }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  test('no other alarm; every one under the prefix, telling what to do, publishing to the topic, idle metrics not breaching', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 * 2 + 2 + 1);
    for (const alarm of alarms()) {
      expect(alarm.AlarmName).toMatch(/^bare-[a-z0-9-]+$/);
      expect(alarm.AlarmActions).toEqual([resolve(topic.topicArn)]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.EvaluationPeriods).toBe(1);
      expect(alarm.AlarmDescription.length).toBeGreaterThan(60);
    }
    expect(new Set(alarms().map((a) => a.AlarmName)).size).toBe(alarms().length);
  });
});

describe('the operations dashboard', () => {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  /** The dashboard's body with its tokens (names of functions, queues, the API) left as they resolve. */
  const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

  test('one, named after the prefix', () => {
    expect(dashboards).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'bare', DashboardBody: Match.anyValue() });
  });

  test('the nine business metrics, in the namespace and with the one dimension Powertools writes them with', () => {
    expect(BUSINESS_METRICS).toEqual([
      'ActsCertified',
      'ActsTransmitted',
      'ActsAcknowledged',
      'ActsRefused',
      'ActsCancelled',
      'ActsPublished',
      'LettersReceived',
      'LettersAnswered',
      'QuorumNotReached',
    ]);
    for (const name of BUSINESS_METRICS) expect(body).toContain(`[\\"Registre\\",\\"${name}\\",\\"service\\",\\"registre\\"`);
  });

  test('the functions’ errors and durations, the queues’ depths and ages, the API’s requests, 5xx and latency', () => {
    for (const metric of [
      'Errors',
      'Duration',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Count',
      '5xx',
      'Latency',
    ])
      expect(body).toContain(`\\"${metric}\\"`);
    for (const fn of Object.values(functions)) expect(body).toContain(JSON.stringify(resolve(fn.functionName)).slice(1, -1));
  });
});
