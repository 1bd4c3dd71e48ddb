#!/usr/bin/env node
/**
 * registre — the command line of the local stack and of any Registre API.
 *   registre start [--port 3000]          run everything on this machine (same as npm start)
 *   registre send <file|->                post events (one event or {"events": [...]})
 *   registre session <sessionId>          the séance
 *   registre events <sessionId>           its event log, with what became of each event
 *   registre item <sessionId> <number>    one délibération
 *   registre extract <sessionId> <number> its certified extract (--format pdf|txt|html, --stamped, --out)
 *   registre transmissions [--status S]   the acts sent to the préfecture
 *   registre demo                         replay the sample séance and follow its act to the préfecture
 * Common flags: --url, --token (default: the local stack's .local/stack.json), --dir, --json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { call, CliError, download, resolveTarget, type ApiTarget } from './api-client.ts';
import {
  formatEvents,
  formatItem,
  formatRefusal,
  formatSession,
  formatTransmissions,
  type ItemView,
  type TransmissionView,
} from './format.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_FILE = join(ROOT, 'events', 'samples', 'cd35-2025-03-20-ad-2025-0043.json');

const USAGE = `usage: registre <command> [options]
  start [--port N]                 run Registre on this machine (engines, functions, API)
  send <file|->                    post session events: one event or {"events": [...]}
  session <sessionId>              show a séance
  events <sessionId>               show a séance's event log
  item <sessionId> <number>        show a délibération
  extract <sessionId> <number>     download its certified extract: --format pdf|txt|html, --stamped, --out FILE
  transmissions [--status S]       acts sent to the préfecture: queued, sent, acknowledged, refused
  demo                             post the sample séance of 20 March 2025 and follow its act to the préfecture
options: --url URL --token TOKEN --dir DIR (default .local) --json`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      dir: { type: 'string', default: '.local' },
      port: { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      stamped: { type: 'boolean', default: false },
      out: { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined) return print(USAGE, 0);
  const flags = { url: values.url, token: values.token, dir: values.dir };
  const show = (text: string, body: unknown) => print(values.json ? JSON.stringify(body, null, 2) : text, 0);

  switch (command) {
    case 'start':
      return start(values.dir, values.port);
    case 'send': {
      const source = need(args[0], 'send needs a file (or - for standard input)');
      return send(resolveTarget(flags), readFileSync(source === '-' ? 0 : source, 'utf8'), source);
    }
    case 'session': {
      const id = need(args[0], 'session needs a session id');
      const body = await fetchOk(resolveTarget(flags), `/sessions/${encodeURIComponent(id)}`);
      return show(formatSession(body as Parameters<typeof formatSession>[0]), body);
    }
    case 'events': {
      const id = need(args[0], 'events needs a session id');
      const body = (await fetchOk(resolveTarget(flags), `/sessions/${encodeURIComponent(id)}/events`)) as {
        events: Parameters<typeof formatEvents>[0];
      };
      return show(formatEvents(body.events), body);
    }
    case 'item': {
      const id = need(args[0], 'item needs a session id and an item number');
      const number = need(args[1], 'item needs a session id and an item number');
      const body = await fetchOk(resolveTarget(flags), itemPath(id, number));
      return show(formatItem(body as ItemView), body);
    }
    case 'extract': {
      const id = need(args[0], 'extract needs a session id and an item number');
      const number = need(args[1], 'extract needs a session id and an item number');
      const format = values.format;
      if (!['pdf', 'txt', 'html'].includes(format)) throw new CliError(`--format must be pdf, txt or html, not "${format}"`);
      const bytes = await download(
        resolveTarget(flags),
        `${itemPath(id, number)}/extract/${format}${values.stamped ? '?stamped=true' : ''}`,
      );
      if (format === 'txt' && !values.out) return print(bytes.toString('utf8').trimEnd(), 0);
      const out = values.out ?? `${id}-${number}${values.stamped ? '-tamponne' : ''}.${format}`;
      writeFileSync(out, bytes);
      return print(`wrote ${out} (${bytes.length} bytes)`, 0);
    }
    case 'transmissions': {
      const query = values.status ? `?status=${encodeURIComponent(values.status)}` : '';
      const body = (await fetchOk(resolveTarget(flags), `/transmissions${query}`)) as { transmissions: TransmissionView[] };
      return show(formatTransmissions(body.transmissions), body);
    }
    case 'demo': {
      const item = await demo(resolveTarget(flags));
      show(formatItem(item), item);
      if (item.transmission && ['acknowledged', 'refused'].includes(item.transmission.status)) return 0;
      process.stderr.write('registre: the préfecture has not answered within 60 s; follow it with "registre transmissions"\n');
      return 1;
    }
    default:
      throw new CliError(`unknown command "${command}"; run "registre --help"`);
  }
}

function need(value: string | undefined, message: string): string {
  if (value === undefined) throw new CliError(message);
  return value;
}

function print(text: string, code: number): number {
  process.stdout.write(`${text}\n`);
  return code;
}

const itemPath = (sessionId: string, number: string) => `/sessions/${encodeURIComponent(sessionId)}/items/${encodeURIComponent(number)}`;

async function fetchOk(target: ApiTarget, path: string): Promise<unknown> {
  const answer = await call(target, 'GET', path);
  if (answer.status !== 200) throw new CliError(formatRefusal(answer.status, answer.body));
  return answer.body;
}

async function send(target: ApiTarget, text: string, source: string): Promise<number> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`${source} is not JSON: expected one event or {"events": [...]}`);
  }
  const events = (body as { events?: { sessionId?: unknown }[] }).events ?? [body as { sessionId?: unknown }];
  const sessionId = events[0]?.sessionId;
  if (typeof sessionId !== 'string') throw new CliError(`${source}: the first event has no sessionId`);
  const answer = await call(target, 'POST', `/sessions/${encodeURIComponent(sessionId)}/events`, body);
  if (answer.status !== 202) throw new CliError(formatRefusal(answer.status, answer.body));
  const { accepted, duplicates } = answer.body as { accepted: string[]; duplicates: string[] };
  return print(
    `accepted ${accepted.length} event(s) for séance ${sessionId}${duplicates.length ? `, ${duplicates.length} already recorded` : ''}`,
    0,
  );
}

/**
 * Posts the sample séance, then follows its act: signed, certified, and answered by the préfecture
 * (or stopped by a rejected event).
 */
async function demo(target: ApiTarget): Promise<ItemView> {
  const body = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { events: { sessionId: string; eventId: string }[] };
  const sessionId = body.events[0]!.sessionId;
  const answer = await call(target, 'POST', `/sessions/${sessionId}/events`, body);
  if (answer.status !== 202) throw new CliError(formatRefusal(answer.status, answer.body));
  const deadline = Date.now() + 60_000;
  let item: ItemView | undefined;
  while (Date.now() < deadline) {
    const found = await call(target, 'GET', itemPath(sessionId, 'AD_2025_0043'));
    item = found.status === 200 ? (found.body as ItemView) : undefined;
    const answered = item?.transmission && ['acknowledged', 'refused'].includes(item.transmission.status);
    if (answered) return item!;
    const log = await call(target, 'GET', `/sessions/${sessionId}/events`);
    const rejected = (log.body as { events?: { status: string; eventId: string; reason?: { message: { en: string } } }[] }).events?.find(
      (e) => e.status === 'rejected',
    );
    if (rejected) throw new CliError(`event ${rejected.eventId} was rejected: ${rejected.reason?.message.en}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  if (item?.status === 'signed') return item;
  throw new CliError('the séance was not processed within 60 s: is the local stack running its functions?');
}

async function start(dir: string, port: string | undefined): Promise<number> {
  const { startLocalStack } = await import('#local/stack');
  const chosen = Number(port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(chosen) || chosen < 0 || chosen > 65535) throw new CliError(`--port must be a port number, not "${port}"`);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  log('starting Registre…');
  const stack = await startLocalStack({ dir, port: chosen, log });
  process.stdout.write(
    [
      '',
      `Registre is running (state in ${resolve(dir)}).`,
      `  API          ${stack.apiUrl}`,
      `  DynamoDB     ${stack.engines.dynamodb.name} at ${stack.engines.dynamodb.endpoint}`,
      `  SQS, S3      fauxqs at ${stack.engines.sqs.endpoint}`,
      `  préfecture   ${stack.prefecture.url} (inbox; simulator${stack.prefecture.xsd ? ', validating against the @CTES XSD' : ''})`,
      '  tokens (also in stack.json):',
      `    secretariat  ${stack.tokens.secretariat}`,
      `    admin        ${stack.tokens.admin}`,
      '',
      'Try "npx registre demo" in another terminal. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  log('stopping…');
  await stack.stop();
  log('stopped.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`registre: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
