/**
 * The demo: posts the sample séance of 20 March 2025, then follows its act and reports each step as
 * it is reached — events applied, vote, signature, extract, transmission, the préfecture's answer —
 * and, once acknowledged, publishes it on the collectivité's site (CGCT L2131-1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frenchDate, parisDate } from '#extract/french';
import { call, CliError, refusalError, sessionPath, type ApiTarget } from './api-client.ts';
import type { ItemView } from './format.ts';

const DEMO_FILE = join(import.meta.dirname, '..', 'events', 'samples', 'cd35-2025-03-20-ad-2025-0043.json');
const NUMBER = 'AD_2025_0043';
const STAGES = ['voted', 'signed', 'certified', 'transmitted', 'acknowledged', 'published'] as const;

interface LogRow {
  eventId: string;
  status: string;
  reason?: { message: { fr: string } };
}

/** Each step worth a line, said once, in the order the act goes through them. */
function stepLines(item: ItemView): Record<(typeof STAGES)[number], string> {
  const t = item.transmission;
  const p = item.publication;
  return {
    voted: `délibération ${item.label ?? item.number} votée : ${item.outcome?.wording ?? '—'}`,
    signed: `signée${item.signature ? ` par ${item.signature.signedBy.name}, le ${item.signature.signedAt}` : ''}`,
    certified: `certifiée : extrait PDF, HTML et texte${item.extract ? `, SHA-256 ${item.extract.sha256.slice(0, 12)}…` : ''}`,
    transmitted: `transmise à la préfecture${t?.archive ? ` (archive ${t.archive})` : ''}`,
    acknowledged: `acquittée : transmis en préfecture le ${t?.receivedOn ?? '—'}`,
    published: `publiée${p ? ` le ${frenchDate(parisDate(new Date(p.publishedAt)))} — exécutoire le ${frenchDate(p.executoireOn)}` : ''}`,
  };
}

/** Each line said with the seconds since the first: "  2.3 s  publiée le …". */
export function timed(report: (line: string) => void, started = Date.now()): (line: string) => void {
  return (line) => report(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
}

/**
 * Runs the demo; `report` receives each step as it happens. Resolves with the délibération once it
 * is published (or refused), or as far as it went when `timeoutMs` runs out.
 */
export async function runDemo(
  target: ApiTarget,
  report: (line: string) => void,
  timeoutMs = 60_000,
): Promise<{ item: ItemView | undefined; applied: boolean }> {
  const say = timed(report);
  const started = Date.now();
  const body = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as {
    events: { sessionId: string; eventId: string; payload: { assembly?: { siren: string } } }[];
  };
  const sessionId = body.events[0]!.sessionId;
  const siren = body.events[0]!.payload.assembly!.siren;
  const path = sessionPath(siren, sessionId);
  const posted = await call(target, 'POST', `${path}/events`, body);
  if (posted.status !== 202) throw refusalError(posted.status, posted.body);
  const { accepted, duplicates } = posted.body as { accepted: string[]; duplicates: string[] };
  say(
    `séance ${sessionId} envoyée : ${accepted.length} événement(s) accepté(s)${duplicates.length ? `, ${duplicates.length} déjà enregistré(s)` : ''}`,
  );

  let applied = 0;
  let reached = -1;
  let item: ItemView | undefined;
  let publishing = false;
  while (Date.now() - started < timeoutMs) {
    if (applied < body.events.length) {
      const log = await call(target, 'GET', `${path}/events`);
      const rows = log.status === 200 ? (log.body as { events: LogRow[] }).events : [];
      const rejected = rows.find((e) => e.status === 'rejected');
      if (rejected) throw new CliError(`l'événement ${rejected.eventId} a été rejeté : ${rejected.reason?.message.fr ?? '—'}`);
      const now = rows.filter((e) => e.status === 'applied').length;
      if (now > applied) say(`événements appliqués : ${now} sur ${body.events.length}`);
      applied = now;
    }
    const found = await call(target, 'GET', `${path}/items/${NUMBER}`);
    item = found.status === 200 ? (found.body as ItemView) : undefined;
    if (item) {
      const refusedHere = item.status === 'refused' && item.transmission?.anomaly?.nature === 'local';
      const stage =
        item.status === 'refused'
          ? STAGES.indexOf(refusedHere ? 'certified' : 'transmitted')
          : STAGES.indexOf(item.status as (typeof STAGES)[number]);
      const lines = stepLines(item);
      for (; reached < stage; reached++) say(lines[STAGES[reached + 1]!]);
      if (item.status === 'refused')
        say(
          `${refusedHere ? 'refusée avant envoi, rien n’a été transmis' : 'refusée par la préfecture'} : ${item.transmission?.anomaly?.detail ?? '—'}`,
        );
      if (item.status === 'published') say(`page publique : ${item.publication?.url ?? "l'adresse du site public n'est pas configurée"}`);
      if (item.status === 'published' || item.status === 'refused') return { item, applied: true };
      // Acknowledged: the demo publishes it on the collectivité's site, as the secretariat would.
      if (item.status === 'acknowledged' && !publishing) {
        const asked = await call(target, 'POST', `${path}/items/${NUMBER}/publication`);
        if (asked.status !== 200 && asked.status !== 202) throw refusalError(asked.status, asked.body);
        publishing = true;
      }
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { item, applied: applied === body.events.length };
}
