#!/usr/bin/env node
/**
 * registre — the command line of the local stack and of any Registre API.
 *   registre start [--port 3000]          run everything on this machine (same as npm start)
 *   registre send <file|-> [--siren S]    post events (one event or {"events": [...]})
 *   registre session <siren> <séance>     the séance
 *   registre events <siren> <séance>      its event log, with what became of each event
 *   registre item <siren> <séance> <n°>   one délibération
 *   registre extract <siren> <séance> <n°> its certified extract (--format pdf|txt|html, --stamped, --out)
 *   registre transmissions [--status S] [--siren S]  the acts sent to the préfecture
 *   registre publish --siren S --session S --item N [--no-wait]  publish an acknowledged act
 *   registre annex <file> --siren S       upload an annex (or a letter, a piece): its SHA-256
 *   registre answer --siren S --session S --item N --letter ID --file F [--piece T:F…] [--refus]  answer the préfecture
 *   registre cancel --siren S --session S --item N  cancel a transmission
 *   registre classification <siren> [--refresh]  the préfecture's classification, or ask for it again
 *   registre open-data --siren S [--year YYYY] [--output FILE]  its published délibérations, SCDL CSV
 *   registre demo [--letters]             replay the sample séance, follow its act to the préfecture, publish it
 *                                         (--letters: then a request for documents, answered)
 *   registre failures [--status S] [--queue Q] [--siren S]  failed messages and the dead-letter queues (admin)
 *   registre replay <id> | --all | --queue Q | --siren S [--session S] | --error E  send them back (admin)
 *   registre rebuild <siren> <séance> [--dry-run]  rebuild a séance from its facts (admin)
 *   registre token --role R --siren S… [--expires 1h]  a token of the local stack's issuer
 * Common flags: --url, --token (default: the local stack's .local/stack.json, minted afresh once
 * expired), --dir, --json, --version.
 * It speaks French to people; --json gives the API's answers (and refusals) as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FAILURE_STATUS_WORDS,
  formatFailures,
  formatRebuild,
  formatReplayed,
  progressBar,
  QUEUE_WORDS,
  rebuild,
  replay,
  type FailureView,
} from './admin.ts';
import { call, CliError, itemPath, refusalError, resolveTarget, sessionPath, type ApiTarget } from './api-client.ts';
import { extractCommand, sendCommand } from './seance-commands.ts';
import { demoCommand } from './demo-letters.ts';
import { annexCommand, answerCommand, cancelCommand, classificationCommand } from './dialogue.ts';
import { itemRef, openDataCommand, publishCommand } from './publication.ts';
import { start } from './start.ts';
import { mintToken, readStackFile } from './token.ts';
import {
  formatEvents,
  formatItem,
  formatSession,
  formatTransmissions,
  TRANSMISSION_STATUS_WORDS,
  type ItemView,
  type SessionView,
  type TransmissionView,
} from './format.ts';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

const USAGE = `usage : registre <commande> [options]
  start [--port N]                 lance Registre sur cette machine (moteurs, fonctions, API)
  send <fichier|-> [--siren S]     envoie des événements de séance : un événement ou {"events": [...]}
                                   (la collectivité : --siren, ou celle de l'ouverture de séance du fichier)
  session <siren> <séance>         affiche une séance
  events <siren> <séance>          affiche le journal des événements d'une séance
  item <siren> <séance> <numéro>   affiche une délibération
  extract <siren> <séance> <numéro>  télécharge son extrait certifié : --format pdf|txt|html, --stamped, --out FICHIER
  transmissions [--status S] [--siren S]  les actes transmis à la préfecture : certifiée, transmise, acquittée, refusée, annulée
  publish --siren S --session SÉANCE --item NUMÉRO [--no-wait]
                                   publie un acte acquitté sur le site de la collectivité (CGCT L2131-1) et attend
                                   sa publication (30 s au plus) : ses dates et sa page publique
  open-data --siren S [--year AAAA] [--output FICHIER]
                                   les délibérations publiées, en CSV (SCDL « Délibérations ») ; sans jeton
  annex <fichier> --siren S        dépose un fichier (PDF, PNG, JPEG) : son SHA-256, à citer dans annexes[].file
  answer --siren S --session SÉANCE --item NUMÉRO --letter ID --file LETTRE.pdf [--piece TYPE:FICHIER …] [--refus]
                                   répond à un courrier de la préfecture (pièces complémentaires, observations…)
  cancel --siren S --session SÉANCE --item NUMÉRO
                                   annule la transmission d'un acte (@CTES Annulation)
  classification <siren> [--refresh]
                                   la classification de la préfecture (matières, types de pièces) ; --refresh la redemande
  demo [--letters]                 envoie la séance du 20 mars 2025, suit son acte jusqu'à la préfecture et le publie ;
                                   --letters : la préfecture demande ensuite des pièces, la collectivité y répond
administration (jeton admin) :
  failures [--status ouvert|rejoué|résolu] [--queue Q] [--siren S]  les échecs enregistrés et les files de rejet
  replay <id> | --all | --queue Q | --siren S [--session SÉANCE] | --error CLASSE  rejoue des messages en échec
  rebuild <siren> <séance> [--dry-run]  reconstruit une séance à partir de ses faits et signale les différences
  (files : session-events, certification, transmissions)
stack local :
  token --role secretariat|admin --siren SIREN [--siren …] [--expires 1h]
                                   un jeton de l'émetteur local (--siren '*' : toutes les collectivités ;
                                   --expires : 30m, 8h, 1d… au plus un jour, 1h par défaut)
options : --url URL --token JETON --dir DOSSIER (.local par défaut) --json --version`;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  dir: { type: 'string', default: '.local' },
  port: { type: 'string' },
  format: { type: 'string', default: 'pdf' },
  stamped: { type: 'boolean', default: false },
  out: { type: 'string' },
  output: { type: 'string' },
  status: { type: 'string' },
  siren: { type: 'string', multiple: true },
  role: { type: 'string' },
  expires: { type: 'string' },
  all: { type: 'boolean', default: false },
  queue: { type: 'string' },
  session: { type: 'string' },
  item: { type: 'string' },
  wait: { type: 'boolean', default: true },
  year: { type: 'string' },
  error: { type: 'string' },
  letter: { type: 'string' },
  file: { type: 'string' },
  piece: { type: 'string', multiple: true },
  refus: { type: 'boolean', default: false },
  letters: { type: 'boolean', default: false },
  refresh: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(values: Values, positionals: string[]): Promise<number> {
  const [command, ...args] = positionals;
  if (values.version) return print(values.json ? JSON.stringify({ version: VERSION }) : `registre ${VERSION}`);
  if (values.help || command === undefined) return print(USAGE);
  const target = () => resolveTarget({ url: values.url, token: values.token, dir: values.dir });
  const admin = () => resolveTarget({ url: values.url, token: values.token, dir: values.dir }, 'admin');
  // One collectivité, but for `token`, which takes several.
  const siren = (): string | undefined => {
    if ((values.siren?.length ?? 0) > 1) throw new CliError(`--siren ne se donne qu'une fois avec ${command}`);
    return values.siren?.[0];
  };
  const show = (text: string, body: unknown) => print(values.json ? JSON.stringify(body, null, 2) : text);
  const session = (what: string) => {
    const message = `${what} demande le SIREN de la collectivité et l'identifiant de la séance`;
    return sessionPath(need(args[0], message), need(args[1], message));
  };
  const item = (what: string) => {
    const message = `${what} demande le SIREN de la collectivité, l'identifiant de la séance et le numéro de la délibération`;
    return { session: sessionPath(need(args[0], message), need(args[1], message)), number: need(args[2], message), sessionId: args[1]! };
  };

  switch (command) {
    case 'start':
      return start(values.dir, values.port);
    case 'send': {
      const source = need(args[0], 'send demande un fichier (ou - pour l’entrée standard)');
      return print(
        await sendCommand(await target(), readFileSync(source === '-' ? 0 : source, 'utf8'), source, { json: values.json, siren: siren() }),
      );
    }
    case 'session': {
      const body = (await fetchOk(await target(), session('session'))) as SessionView;
      return show(formatSession(body), body);
    }
    case 'events': {
      const body = (await fetchOk(await target(), `${session('events')}/events`)) as { events: Parameters<typeof formatEvents>[0] };
      return show(formatEvents(body.events), body);
    }
    case 'item': {
      const { session: path, number } = item('item');
      const body = (await fetchOk(await target(), itemPath(path, number))) as ItemView;
      return show(formatItem(body), body);
    }
    case 'extract':
      return print(
        await extractCommand(await target(), item('extract'), { format: values.format, stamped: values.stamped, out: values.out }),
      );
    case 'transmissions': {
      const status = values.status === undefined ? undefined : TRANSMISSION_STATUS_WORDS[values.status];
      if (values.status !== undefined && status === undefined)
        throw new CliError(`--status vaut certifiée, transmise, acquittée ou refusée, pas "${values.status}"`);
      const one = siren();
      const query = new URLSearchParams({ ...(status && { status }), ...(one && { siren: one }) });
      const body = (await fetchOk(await target(), `/transmissions${query.size > 0 ? `?${query}` : ''}`)) as {
        transmissions: TransmissionView[];
      };
      return show(formatTransmissions(body.transmissions), body);
    }
    case 'publish':
      return publishCommand(await target(), itemRef({ siren: siren(), session: values.session, item: values.item }, args), values);
    case 'open-data':
      return openDataCommand(values, { siren: siren(), year: values.year, output: values.output });
    case 'annex': {
      const one = siren();
      if (!one) throw new CliError('annex demande --siren : la collectivité à qui est le fichier');
      const { text, body } = await annexCommand(await target(), one, need(args[0], 'annex demande le fichier à déposer'));
      return show(text, body);
    }
    case 'answer': {
      const ref = itemRef({ siren: siren(), session: values.session, item: values.item }, args, 'answer');
      const { text, body } = await answerCommand(await target(), ref, {
        letter: values.letter,
        file: values.file,
        pieces: values.piece ?? [],
        refus: values.refus,
      });
      return show(text, body);
    }
    case 'classification': {
      const { text, body } = await classificationCommand(
        await target(),
        need(args[0] ?? siren(), 'classification demande le SIREN de la collectivité'),
        values.refresh,
      );
      return show(text, body);
    }
    case 'cancel': {
      const { text, body } = await cancelCommand(
        await target(),
        itemRef({ siren: siren(), session: values.session, item: values.item }, args),
      );
      return show(text, body);
    }
    case 'demo': {
      const report = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
      const prefecture = values.letters ? readStackFile(values.dir)?.prefecture?.url : undefined;
      if (values.letters && !prefecture)
        throw new CliError('demo --letters écrit depuis le simulateur de préfecture du stack local : lancez "npm start"');
      const found = await demoCommand(await target(), report, prefecture);
      show(`\n${formatItem(found)}`, found);
      return 0;
    }
    case 'failures': {
      const status = word(FAILURE_STATUS_WORDS, values.status, '--status vaut ouvert, rejoué ou résolu');
      const queue = word(QUEUE_WORDS, values.queue, '--queue vaut session-events, certification ou transmissions');
      const one = siren();
      const query = new URLSearchParams({
        ...(status && { status }),
        ...(queue && { queue }),
        ...(one && { siren: one }),
      });
      const body = (await fetchOk(await admin(), `/admin/failures${query.size > 0 ? `?${query}` : ''}`)) as {
        failures: FailureView[];
        deadLetters: Parameters<typeof formatFailures>[1];
      };
      return show(formatFailures(body.failures, body.deadLetters), body);
    }
    case 'replay': {
      const queue = word(QUEUE_WORDS, values.queue, '--queue vaut session-events, certification ou transmissions');
      const one = siren();
      if (values.session !== undefined && one === undefined)
        throw new CliError('--session demande aussi --siren : la collectivité de la séance');
      const bar = process.stderr.isTTY
        ? (text: string) => process.stderr.write(`\r${text}`)
        : (text: string) => process.stderr.write(`${text}\n`);
      let drawn = false;
      const result = await replay(
        await admin(),
        {
          ...(args[0] !== undefined && { id: args[0] }),
          all: values.all,
          ...(queue && { queue }),
          ...(one && { siren: one }),
          ...(values.session && { sessionId: values.session }),
          ...(values.error && { errorClass: values.error }),
        },
        (moved, waiting) => {
          drawn = true;
          bar(progressBar(moved, waiting));
        },
      );
      if (drawn && process.stderr.isTTY) process.stderr.write('\n');
      return show(formatReplayed(result.replayed, result.deadLetters), result);
    }
    case 'rebuild': {
      const message = 'rebuild demande le SIREN de la collectivité et l’identifiant de la séance';
      const report = await rebuild(await admin(), need(args[0], message), need(args[1], message), values['dry-run']);
      return show(formatRebuild(report, values['dry-run']), report);
    }
    case 'token': {
      const minted = await mintToken({ dir: values.dir, role: values.role, sirens: values.siren, expires: values.expires });
      return print(
        values.json ? JSON.stringify({ token: minted.token, expiresAt: minted.expiresAt, ...minted.principal }, null, 2) : minted.token,
      );
    }
    default:
      throw new CliError(`commande inconnue "${command}" ; voyez "registre --help"`);
  }
}

/** A word of a closed list, as the API names it; undefined when the flag is absent. */
function word(words: Readonly<Record<string, string>>, value: string | undefined, message: string): string | undefined {
  if (value === undefined) return undefined;
  const found = words[value];
  if (found === undefined) throw new CliError(`${message}, pas "${value}"`);
  return found;
}

function need(value: string | undefined, message: string): string {
  if (value === undefined) throw new CliError(message);
  return value;
}

function print(text: string, code = 0): number {
  process.stdout.write(`${text}\n`);
  return code;
}

/** The API's answer to a GET, an object; anything else (a refusal, a proxy's page) is an error of one line a problem. */
async function fetchOk(target: ApiTarget, path: string): Promise<unknown> {
  const answer = await call(target, 'GET', path);
  const isObject = typeof answer.body === 'object' && answer.body !== null && !Array.isArray(answer.body);
  if (answer.status !== 200 || !isObject) throw refusalError(answer.status, answer.body);
  return answer.body;
}

/** A failure is one readable line (one per problem) and exit 1; with --json, the API's answer or {error, message}. */
function fail(error: unknown, json: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  if (!json) {
    process.stderr.write(`registre : ${message}\n`);
    return 1;
  }
  const answer = error instanceof CliError ? error.answer : undefined;
  process.stdout.write(`${JSON.stringify(answer ?? { error: error instanceof CliError ? 'cli' : 'internal', message }, null, 2)}\n`);
  return 1;
}

let parsed: { values: Values; positionals: string[] };
try {
  parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, allowNegative: true, options: OPTIONS });
} catch (error) {
  process.exit(
    fail(
      new CliError(`${error instanceof Error ? error.message : String(error)} ; voyez "registre --help"`),
      process.argv.includes('--json'),
    ),
  );
}
main(parsed.values, parsed.positionals).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(fail(error, parsed.values.json)),
);
