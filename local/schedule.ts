/**
 * A scheduled function (EventBridge rule) run locally: invoked every `intervalSeconds` with a
 * ScheduledEvent, never twice at once.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { invoke, type FunctionConfig, type Handler } from './lambda-context.ts';

export interface ScheduleOptions {
  readonly intervalSeconds: number;
  readonly function: FunctionConfig;
  readonly handler: Handler<ScheduledEvent, unknown>;
  readonly onError?: (error: unknown) => void;
}

export function startSchedule(options: ScheduleOptions): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      const event: ScheduledEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'eu-west-3',
        resources: [`arn:aws:events:eu-west-3:000000000000:rule/${options.function.name}`],
        detail: {},
      };
      try {
        await invoke(options.handler, event, options.function);
      } catch (error) {
        options.onError?.(error);
      }
    });
  };
  const timer = setInterval(tick, options.intervalSeconds * 1000);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
