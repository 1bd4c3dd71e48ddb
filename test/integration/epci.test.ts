/**
 * The sample séance of a conseil communautaire through the whole local stack: its four acts — the
 * compte administratif, the election of a vice-président, the intérêt communautaire at two thirds and
 * a subsidy voted without an interested member — certified, transmitted and acknowledged.
 */
import { describe, expect, test } from 'vitest';
import { sampleEvents } from '../support/seance.ts';
import { api, download, eventually, processed, sessionPath, stack } from './support.ts';

const events = sampleEvents('cc-val-exemple-2026-03-26-epci.json');
const key = { siren: '200040004', sessionId: 'cc-val-exemple-2026-03-26' };
const ITEMS = ['CC_2026_001', 'CC_2026_002', 'CC_2026_003', 'CC_2026_004'];

describe('a conseil communautaire end to end (CGCT L5211-6, L2121-14, L2122-7, L5214-16 IV, L2131-11)', () => {
  test('every event is applied, and each of the four acts — the election too — is acknowledged by the préfecture', async () => {
    const posted = await api('POST', `${sessionPath(key)}/events`, { body: { events } });
    expect(posted.status).toBe(202);
    const log = await processed(
      key,
      events.map((e) => e.eventId),
      40,
    );
    expect(log.filter((e) => e.status !== 'applied')).toEqual([]);

    const items = await eventually(async () => {
      const views = await Promise.all(ITEMS.map(async (number) => (await api('GET', `${sessionPath(key)}/items/${number}`)).body));
      return views.every((view) => view.transmission?.status === 'acknowledged') ? views : undefined;
    }, 60);
    expect(items.map((item) => item.actesId)).toEqual(ITEMS.map((n, i) => `035-200040004-20260326-${n}-${i === 0 ? 'BF' : 'DE'}`));

    const election = items[1];
    expect(election.kind).toBe('election');
    expect(election.vote).toBeNull();
    expect(election.election).toMatchObject({
      office: 'vice_president',
      secret: true,
      elected: { id: 'benard', name: 'Mme BENARD', round: 2, votes: 10 },
    });
    expect(election.outcome).toMatchObject({ adopted: true, text: 'Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix' });
    expect(election.quorum).toMatchObject({ inOffice: 20, present: 17, suppleants: 2, voting: 19 });
    const text = (await download(election.extract.txt)).toString('utf8');
    expect(text).toContain(
      'Deuxième tour — Votants : 19 — Blancs : 0 — Nuls : 1 — Suffrages exprimés : 18 — Majorité absolue : 10 — Mme BENARD : 10 — M. CHEVALIER : 8',
    );

    expect(items[0].attendance.withdrawn).toEqual([{ id: 'morel', name: 'M. MOREL', reason: 'compte_administratif' }]);
    expect(items[2].outcome.required).toEqual({ share: 'two_thirds', of: 'suffrages_exprimes', article: 'CGCT L5214-16 IV', votes: 12 });
    expect(items[3].attendance.present).toContainEqual({
      id: 'giraud-s',
      name: 'M. TESSIER',
      suppleantOf: { id: 'giraud', name: 'Mme GIRAUD' },
    });

    const inbox = (await (await fetch(`${stack().prefecture.url}/inbox`)).json()) as { acts: { idActe: string; status: string }[] };
    expect(inbox.acts.filter((a) => a.idActe.includes('-200040004-')).map((a) => a.status)).toEqual(Array(4).fill('acknowledged'));
  });
});
