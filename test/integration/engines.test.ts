/**
 * The embedded engines on their own: DynamoDB Local listens on 127.0.0.1 only, and every engine's
 * state is for this user only (files 600, directories 700), whatever modes an earlier run left.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, expect, test } from 'vitest';
import { javaAvailable, startDynamo, startFauxqs, type Engine } from '#local/engines';

const root = mkdtempSync(join(tmpdir(), 'registre-engines-'));
const running = new Set<Engine>();
afterAll(async () => {
  for (const engine of running) await engine.stop().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

async function started(engine: Promise<Engine>): Promise<Engine> {
  const ready = await engine;
  running.add(ready);
  return ready;
}

async function stopped(engine: Engine): Promise<void> {
  await engine.stop();
  running.delete(engine);
}

/** Whether a TCP connection to `host:port` opens (within two seconds). */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (opened: boolean) => {
      socket.destroy();
      done(opened);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

/** This machine's addresses other than loopback (link-local IPv6 ones need a scope, and are left out). */
function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && !entry.address.startsWith('fe80'))
    .map((entry) => entry.address);
}

/** The local addresses on which a socket listens on `port`, as the kernel lists them (Linux). */
function listeningAddresses(port: number): string[] {
  const found = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = local!.split(':');
      if (state === '0A' && parseInt(hexPort!, 16) === port) found.add(addressOf(address!));
    }
  }
  return [...found];
}

/** A /proc/net address: 32-bit words in the host's (little-endian) order; IPv4-mapped IPv6 as IPv4. */
function addressOf(hex: string): string {
  const bytes = Buffer.concat(hex.match(/.{8}/g)!.map((word) => Buffer.from(word, 'hex').reverse()));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.subarray(12).join('.');
  if (bytes.every((byte) => byte === 0)) return '::';
  return Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
}

/** Every file (not 600) and directory (not 700) under `dir`, itself included, with its mode. */
function notPrivate(dir: string): string[] {
  const mode = statSync(dir).mode & 0o777;
  const found = mode === 0o700 ? [] : [`${dir} ${mode.toString(8)}`];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...notPrivate(path));
    else if ((statSync(path).mode & 0o777) !== 0o600) found.push(`${path} ${(statSync(path).mode & 0o777).toString(8)}`);
  }
  return found;
}

/** What a careless earlier run may have left: everything readable by all. */
function loosen(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) loosen(path);
    else chmodSync(path, 0o644);
  }
}

async function createTable(engine: Engine): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: `modes-${Date.now()}`,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
}

const dynamoEngines = javaAvailable() ? (['dynamodb-local', 'dynalite'] as const) : (['dynalite'] as const);

test.each(dynamoEngines)('finding 9 — %s accepts connections on 127.0.0.1 only, not on the machine’s other addresses', async (kind) => {
  const engine = await started(startDynamo(join(root, `a-${kind}`), () => undefined, kind));
  const port = Number(new URL(engine.endpoint).port);
  expect(await connects('127.0.0.1', port)).toBe(true);
  if (existsSync('/proc/net/tcp')) expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
  for (const address of otherAddresses()) expect(await connects(address, port), `${address}:${port}`).toBe(false);
  await stopped(engine);
});

test.each(dynamoEngines)(
  'finding 9 — %s keeps its state for this user only: files 600, directories 700, even those an earlier run left open',
  async (kind) => {
    const dataDir = join(root, `b-${kind}`);
    const first = await started(startDynamo(dataDir, () => undefined, kind));
    await createTable(first);
    expect(notPrivate(join(dataDir, kind))).toEqual([]);
    await stopped(first);

    loosen(join(dataDir, kind));
    const second = await started(startDynamo(dataDir, () => undefined, kind));
    expect(notPrivate(join(dataDir, kind))).toEqual([]);
    await createTable(second);
    expect(notPrivate(join(dataDir, kind))).toEqual([]);
    await stopped(second);
  },
);

test('finding 9 — fauxqs keeps its state for this user only: files 600, directories 700, even those an earlier run left open', async () => {
  const dir = join(root, 'b-fauxqs');
  const first = await started(startFauxqs(dir));
  expect(notPrivate(dir)).toEqual([]);
  await stopped(first);

  loosen(dir);
  const second = await started(startFauxqs(dir));
  expect(notPrivate(dir)).toEqual([]);
  await stopped(second);
});
