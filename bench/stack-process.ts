/**
 * The local stack in a process of its own, as the end-to-end benchmark drives it: the production
 * handlers on the real engines, every SDK call counted (`request-counter.ts`). The parent talks to it
 * over the IPC channel: it is told `ready` with the stack's URLs, tokens and resources, answers
 * `usage` with the figures so far, clears them on `reset`, and stops on `stop`.
 */
import { documentClient, s3Client, sqsClient } from '#runtime/aws-clients';
import { startLocalStack, type StackInfo } from '#local/stack';
import { requestCounter, type Usage } from './request-counter.ts';

export type ToStack = { readonly type: 'usage' | 'reset' | 'stop' };
export type FromStack =
  | { readonly type: 'ready'; readonly info: StackInfo }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'reset' | 'stopped' };

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('usage: forked by the benchmark with the state directory as argument');
const send = (message: FromStack) => process.send!(message);

const counter = requestCounter();
const stack = await startLocalStack({ dir, port: 0, log: () => undefined });
// The handlers and the pollers share these clients, built once per process.
counter.attach(documentClient(), sqsClient(), s3Client());
const { simulator: _simulator, failure, stop: _stop, ...info } = stack;
void failure.then((line) => {
  console.error(line);
  process.exit(1);
});
process.on('message', async (message: ToStack) => {
  if (message.type === 'usage') send({ type: 'usage', usage: counter.snapshot() });
  else if (message.type === 'reset') {
    counter.reset();
    send({ type: 'reset' });
  } else {
    await stack.stop();
    send({ type: 'stopped' });
    process.disconnect();
  }
});
send({ type: 'ready', info });
