/**
 * The FIFO batch of session-events, handled séance by séance: each message group in order, the groups
 * at once, a failure handing back the rest of its group only.
 */
import type { SQSRecord } from 'aws-lambda';
import { expect, test } from 'vitest';
import { processByMessageGroup } from '#functions/session-events/message-groups';

const record = (messageId: string, group: string) => ({ messageId, attributes: { MessageGroupId: group } }) as unknown as SQSRecord;
const batch = [record('a1', 'A'), record('b1', 'B'), record('a2', 'A'), record('b2', 'B'), record('a3', 'A'), record('c1', 'C')];

test('each séance’s records run in their order, and the séances of a batch run at once', async () => {
  const seen: string[] = [];
  let running = 0;
  let most = 0;
  await processByMessageGroup({ Records: batch }, async (r) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((done) => setTimeout(done, 5));
    seen.push(r.messageId);
    running -= 1;
  });
  expect(most).toBe(3);
  expect(seen.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
  expect(seen.filter((id) => id.startsWith('b'))).toEqual(['b1', 'b2']);
});

test('a record that fails is handed back with the rest of its séance, in the batch’s order; the other séances go on', async () => {
  const done: string[] = [];
  const response = await processByMessageGroup({ Records: batch }, async (r) => {
    if (r.messageId === 'a2') throw new Error('the table is unreachable');
    done.push(r.messageId);
  });
  expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
  expect(done.sort()).toEqual(['a1', 'b1', 'b2', 'c1']);
});
