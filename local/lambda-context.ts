/**
 * Invokes a production handler in-process as Lambda would: a Context with the function's name and
 * deadline, and the function's timeout enforced (the invocation counts as failed once it passes).
 * Each invocation is traced on the `registre:invoke` diagnostics channel, which costs nothing until
 * something subscribes: the benchmark does, to time invocations and to tell whose SDK calls are whose.
 */
import { randomUUID } from 'node:crypto';
import { tracingChannel } from 'node:diagnostics_channel';
import type { Context } from 'aws-lambda';

export interface FunctionConfig {
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

export class InvocationTimeoutError extends Error {
  constructor(name: string, seconds: number) {
    super(`${name} timed out after ${seconds} s`);
    this.name = 'InvocationTimeoutError';
  }
}

export function lambdaContext(config: FunctionConfig): Context {
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: config.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-3:000000000000:function:${config.name}`,
    memoryLimitInMB: String(config.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${config.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** What the `registre:invoke` channel is told of an invocation. */
export interface InvocationMessage {
  readonly function: string;
  readonly memoryMb: number;
}

export const invocations = tracingChannel<InvocationMessage>('registre:invoke');

export async function invoke<E, R>(handler: Handler<E, R>, event: E, config: FunctionConfig): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new InvocationTimeoutError(config.name, config.timeoutSeconds)), config.timeoutSeconds * 1000);
  });
  try {
    return await invocations.tracePromise(() => Promise.race([handler(event, lambdaContext(config)), timeout]), {
      function: config.name,
      memoryMb: config.memoryMb,
    });
  } finally {
    clearTimeout(timer);
  }
}
