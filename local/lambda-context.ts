/**
 * Invokes a production handler in-process as Lambda would: a Context with the function's name and
 * deadline, and the function's timeout enforced (the invocation counts as failed once it passes).
 */
import { randomUUID } from 'node:crypto';
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

export async function invoke<E, R>(handler: Handler<E, R>, event: E, config: FunctionConfig): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new InvocationTimeoutError(config.name, config.timeoutSeconds)), config.timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([handler(event, lambdaContext(config)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
