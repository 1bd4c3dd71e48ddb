/**
 * Drives a local stack running in a child process (`stack-process.ts`) the way its users do: events
 * posted through the API with the secretariat's token, one request per step, and the acts' records
 * read from the table to learn when each was acknowledged.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionEvent } from '#events/session-events';
import type { StackInfo } from '#local/stack';
import type { TransmissionRecord } from '#ports/act-store';
import type { Usage } from './request-counter.ts';
import type { FromStack, ToStack } from './stack-process.ts';

export interface StackDriver {
  readonly info: StackInfo;
  /** Posts one event; resolves when the API has accepted it (202), with the time it did. */
  post(siren: string, sessionId: string, event: SessionEvent): Promise<number>;
  /** The transmissions of these acts, as stored (absent ones left out). */
  transmissions(actesIds: readonly string[]): Promise<TransmissionRecord[]>;
  /** Resolves once every act is acknowledged, with their records; rejects after `seconds`. */
  acknowledged(actesIds: readonly string[], seconds: number): Promise<TransmissionRecord[]>;
  usage(): Promise<Usage>;
  /** What the table and the documents bucket hold now, in bytes. */
  storedBytes(): Promise<{ table: number; bucket: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStackDriver(): Promise<StackDriver> {
  const dir = mkdtempSync(join(tmpdir(), 'registre-bench-'));
  const profile = process.env.BENCH_CPU_PROFILE;
  const child = fork(new URL('./stack-process.ts', import.meta.url), [dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(profile && { execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`] }),
  });
  const { info } = (await reply(child, undefined, 'ready')) as { info: StackInfo };
  const token = info.tokens.secretariat;
  const local = { region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const raw = new DynamoDBClient({ ...local, endpoint: info.engines.dynamodb.endpoint });
  const client = DynamoDBDocumentClient.from(raw);
  const s3 = new S3Client({ ...local, endpoint: info.engines.sqs.endpoint, forcePathStyle: true });
  const table = info.resources.tables.main;

  async function transmissions(actesIds: readonly string[]): Promise<TransmissionRecord[]> {
    const found: TransmissionRecord[] = [];
    for (let i = 0; i < actesIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = actesIds.slice(i, i + 100).map((id) => ({ pk: `ACT#${id}`, sk: 'TRANSMISSION' }));
      while (keys && keys.length > 0) {
        const answer = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
        found.push(...((answer.Responses?.[table] ?? []) as TransmissionRecord[]));
        keys = answer.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  return {
    info,
    async post(siren, sessionId, event) {
      const response = await fetch(`${info.apiUrl}/assemblies/${siren}/sessions/${sessionId}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      const at = Date.now();
      if (response.status !== 202) throw new Error(`${event.eventId}: the API answered ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return at;
    },
    transmissions,
    async acknowledged(actesIds, seconds) {
      const deadline = Date.now() + seconds * 1000;
      const done = new Map<string, TransmissionRecord>();
      for (;;) {
        const pending = actesIds.filter((id) => !done.has(id));
        for (const record of await transmissions(pending)) if (record.status === 'acknowledged') done.set(record.actesId, record);
        if (done.size === actesIds.length) return actesIds.map((id) => done.get(id)!);
        if (Date.now() > deadline)
          throw new Error(`${actesIds.length - done.size} of ${actesIds.length} acts not acknowledged after ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async usage() {
      return ((await reply(child, { type: 'usage' }, 'usage')) as { usage: Usage }).usage;
    },
    async storedBytes() {
      const described = await raw.send(new DescribeTableCommand({ TableName: table }));
      let bucket = 0;
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: info.resources.buckets.documents, ContinuationToken: token }));
        bucket += (page.Contents ?? []).reduce((sum, object) => sum + (object.Size ?? 0), 0);
        token = page.NextContinuationToken;
      } while (token);
      return { table: described.Table?.TableSizeBytes ?? 0, bucket };
    },
    async reset() {
      await reply(child, { type: 'reset' }, 'reset');
    },
    async stop() {
      await reply(child, { type: 'stop' }, 'stopped').catch(() => child.kill());
      client.destroy();
      s3.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends a message to the stack's process (if any) and resolves with its answer of the given type. */
function reply(child: ChildProcess, message: ToStack | undefined, type: FromStack['type']): Promise<FromStack> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: FromStack) => {
      if (answer.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(answer);
    };
    const onExit = (code: number | null) => reject(new Error(`the stack's process ended (code ${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}
