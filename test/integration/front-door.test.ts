/**
 * The findings of an attack-and-fault run against the API, each reproduced as it was found and
 * named after it: another collectivité writing into a séance, events dropped or re-ordered, text
 * or sizes accepted then lost, acts signed before their vote, answers echoing what they should not.
 */
import { describe, expect, test } from 'vitest';
import type { SessionEvent, SessionOpened } from '#events/session-events';
import { sampleEvents } from '../support/seance.ts';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import {
  api,
  asSession,
  bypassingApi,
  clients,
  eventually,
  processed,
  SECRETARIAT,
  sessionPath,
  sirenFor,
  stack,
  tokenFor as mint,
} from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const day = (month: number, d: number) => `2025-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const tokenFor = (siren: string, sub: string) => mint({ role: 'secretariat', scope: [siren], sub });
const logOf = async (siren: string, sessionId: string) => (await api('GET', `${sessionPath({ siren, sessionId })}/events`)).body;

/** The seed séance held by another collectivité under the same séance id. */
function heldBy(events: readonly SessionEvent[], siren: string): SessionEvent[] {
  return events.map((e) =>
    e.type === 'SessionOpened' ? ({ ...e, payload: { ...e.payload, assembly: { ...e.payload.assembly, siren } } } as SessionOpened) : e,
  );
}

describe('finding 1 — another collectivité cannot write into a séance', () => {
  test('racing an opening 20 times, B’s roll and vote land in B’s own séance, never in A’s', async () => {
    const trials = Array.from({ length: 20 }, async (_, i) => {
      const sessionId = `race-${i}`;
      const a = asSession(seed, sessionId, day(7, i + 1));
      const sirenA = (a[0] as SessionOpened).payload.assembly.siren;
      const sirenB = sirenFor(day(8, i + 1));
      const b = heldBy(asSession(seed, sessionId, day(7, i + 1)), sirenB).slice(0, 3);
      const tokenB = await tokenFor(sirenB, `b-${i}`);
      const [fromA, intoA, ownB] = await Promise.all([
        api('POST', `${sessionPath({ siren: sirenA, sessionId })}/events`, { body: a[0] }),
        api('POST', `${sessionPath({ siren: sirenA, sessionId })}/events`, { body: { events: b }, token: tokenB }),
        api('POST', `${sessionPath({ siren: sirenB, sessionId })}/events`, { body: { events: b }, token: tokenB }),
      ]);
      expect([fromA.status, intoA.status, ownB.status]).toEqual([202, 403, 202]);
      await processed({ siren: sirenA, sessionId }, [a[0]!.eventId]);
      await processed(
        { siren: sirenB, sessionId },
        b.map((e) => e.eventId),
      );
      return { sirenA, sirenB, sessionId };
    });
    for (const { sirenA, sirenB, sessionId } of await Promise.all(trials)) {
      expect((await logOf(sirenA, sessionId)).events.map((e: { type: string; status: string }) => [e.type, e.status])).toEqual([
        ['SessionOpened', 'applied'],
      ]);
      const seanceA = (await api('GET', sessionPath({ siren: sirenA, sessionId }))).body;
      expect(seanceA).toMatchObject({ version: 1, items: [{ status: 'pending', outcome: null }] });
      expect((await logOf(sirenB, sessionId)).events.every((e: { status: string }) => e.status === 'applied')).toBe(true);
    }
  });

  test('an event reaching the queue from a poster out of the séance’s scope is rejected, and the séance is unchanged', async () => {
    const events = asSession(seed, 'scope-queue', day(7, 25));
    const key = { siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: 'scope-queue' };
    await api('POST', `${sessionPath(key)}/events`, { body: { events: events.slice(0, 2) } });
    await processed(
      key,
      events.slice(0, 2).map((e) => e.eventId),
    );
    const before = (await api('GET', sessionPath(key))).body;
    await bypassingApi(key, events[2], { sub: 'other-town', role: 'secretariat', scope: ['213500994'] });
    const log = await processed(key, [events[2]!.eventId]);
    expect(log.at(-1)).toMatchObject({ status: 'rejected', reason: { code: 'POSTER_NOT_IN_SCOPE' }, postedBy: { sub: 'other-town' } });
    expect((await api('GET', sessionPath(key))).body).toEqual(before);
  });

  test('an opening naming another collectivité than its path is a 400, and nothing is logged', async () => {
    const [opening] = asSession(seed, 'wrong-siren', day(7, 26));
    const answer = await api('POST', `${sessionPath({ siren: '223500018', sessionId: 'wrong-siren' })}/events`, { body: opening });
    expect(answer.status).toBe(400);
    expect(answer.body.events[0].violations).toEqual([
      { field: 'payload.assembly.siren', message: 'must be the collectivité of the URL, "223500018"' },
    ]);
    expect((await api('GET', `${sessionPath({ siren: '223500018', sessionId: 'wrong-siren' })}/events`)).status).toBe(404);
  });
});

describe('finding 2 — an eventId another séance used is not dropped', () => {
  test('two séances posting the same event ids within seconds are both applied in full', async () => {
    const first = asSession(seed, 'same-ids-1', day(7, 27));
    const second = asSession(seed, 'same-ids-2', day(7, 28)).map((e, i) => ({ ...e, eventId: first[i]!.eventId }) as SessionEvent);
    const keys = [first, second].map((events) => ({
      siren: (events[0] as SessionOpened).payload.assembly.siren,
      sessionId: events[0]!.sessionId,
    }));
    await api('POST', `${sessionPath(keys[0]!)}/events`, { body: { events: first } });
    await api('POST', `${sessionPath(keys[1]!)}/events`, { body: { events: second } });
    for (const [index, key] of keys.entries()) {
      const log = await processed(
        key,
        (index === 0 ? first : second).map((e) => e.eventId),
      );
      expect(log.map((e) => e.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    }
  });
});

describe('finding 3 — a batch posted again while the first post runs keeps its order', () => {
  test('20 séances × 3 concurrent copies: every event applied, every act acknowledged exactly once', async () => {
    const seances = Array.from({ length: 20 }, (_, i) => asSession(seed, `copies-${i}`, day(9, i + 1)));
    const keys = seances.map((events) => ({ siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: events[0]!.sessionId }));
    const posts = seances.flatMap((events, i) => [0, 1, 2].map(() => api('POST', `${sessionPath(keys[i]!)}/events`, { body: { events } })));
    expect((await Promise.all(posts)).map((p) => p.status)).toEqual(posts.map(() => 202));
    for (const [i, key] of keys.entries()) {
      const log = await processed(
        key,
        seances[i]!.map((e) => e.eventId),
      );
      expect(log.map((e) => [e.eventId, e.status])).toEqual(seances[i]!.map((e) => [e.eventId, 'applied']));
    }
    const acts = await eventually(async () => {
      const items = await Promise.all(keys.map(async (key) => (await api('GET', `${sessionPath(key)}/items/AD_2025_0043`)).body));
      return items.every((item) => item.status === 'acknowledged') ? items : undefined;
    }, 90);
    const inbox = (await (await fetch(`${stack().prefecture.url}/inbox`)).json()) as { acts: { idActe: string }[] };
    for (const item of acts) expect(inbox.acts.filter((a) => a.idActe === item.actesId)).toHaveLength(1);
  }, 150_000);
});

describe('finding 4 — text the contract accepts always travels; the rest is refused at the door', () => {
  test.each([
    ['an emoji', 'Budget 2025 🎉', 'U+1F389'],
    ['U+FFFE', 'Budget\uFFFE2025', 'U+FFFE'],
    ['U+FFFF', 'Budget\uFFFF2025', 'U+FFFF'],
    ['an unpaired surrogate', 'Budget \uD800 2025', 'U+D800'],
    ['a C1 control character', 'Budget\u00852025', 'U+0085'],
    ['the non-character U+FDD0', 'Budget\uFDD02025', 'U+FDD0'],
  ])('a title holding %s is a 400 naming the field and the character, and nothing is logged', async (_, title, code) => {
    const sessionId = `char-${code.replace('+', '')}`;
    const [opening] = asSession(seed, sessionId, day(10, 1));
    const items = (opening as SessionOpened).payload.items.map((item) => ({ ...item, title }));
    const key = { siren: (opening as SessionOpened).payload.assembly.siren, sessionId };
    const answer = await api('POST', `${sessionPath(key)}/events`, {
      body: { ...opening, payload: { ...(opening as SessionOpened).payload, items } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.events[0].violations[0].field).toBe('payload.items[0].title');
    expect(answer.body.events[0].violations[0].message).toContain(code);
    expect((await api('GET', `${sessionPath(key)}/events`)).status).toBe(404);
  });
});

describe('finding 6 — an act cannot be signed before it was voted', () => {
  test('a signature dated 1999 on a séance of 2025 is a 422 citing the rule; the act is neither certified nor sent', async () => {
    const events = asSession(seed, 'signed-1999', day(10, 2));
    const key = { siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: 'signed-1999' };
    const early = {
      ...events[4]!,
      payload: { ...(events[4] as Extract<SessionEvent, { type: 'ActSigned' }>).payload, signedAt: '1999-01-01' },
    };
    const answer = await api('POST', `${sessionPath(key)}/events`, { body: { events: [...events.slice(0, 4), early] } });
    expect(answer.status).toBe(422);
    expect(answer.body.events).toEqual([expect.objectContaining({ index: 4, code: 'SIGNED_BEFORE_VOTE', field: 'payload.signedAt' })]);
  });
});

describe('finding 7 — errors echo bounded, plain values only', () => {
  test('an eventId nested 5,000 arrays deep is a 400 that does not echo it', async () => {
    const deep = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
    const body = `{"eventId":${deep},"type":"SessionClosed","sessionId":"deep","occurredAt":"2025-03-20T10:00:00+01:00","payload":{"at":"18:00"}}`;
    const answer = await api('POST', `${sessionPath({ siren: '223500018', sessionId: 'deep' })}/events`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.events[0]).not.toHaveProperty('eventId');
    expect(JSON.stringify(answer.body).length).toBeLessThan(2000);
  });
});

describe('finding 8 — path parameters are checked, every read is scoped', () => {
  test('a 10,000-character séance id, a malformed SIREN or number are 400 naming the parameter', async () => {
    const long = await api('GET', `/assemblies/223500018/sessions/${'s'.repeat(10_000)}`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ error: 'invalid_path', violations: [{ field: 'path.sessionId' }] });
    expect((await api('GET', '/assemblies/223500019/sessions/x')).body.violations[0].field).toBe('path.siren');
    expect((await api('GET', '/assemblies/223500018/sessions/x/items/lower-case')).body.violations[0].field).toBe('path.number');
  });

  test('the transmissions are those of the token’s collectivités; asking for another’s is a 403', async () => {
    const mine = await tokenFor('223500018', 'cd35');
    const listed = await api('GET', '/transmissions', { token: mine });
    expect(listed.status).toBe(200);
    expect(listed.body.transmissions.map((t: { siren: string }) => t.siren).every((siren: string) => siren === '223500018')).toBe(true);
    expect((await api('GET', '/transmissions?siren=213500994', { token: mine })).status).toBe(403);
    const filtered = await api('GET', '/transmissions?siren=223500018');
    expect(filtered.body.transmissions.every((t: { siren: string }) => t.siren === '223500018')).toBe(true);
    expect((await api('GET', '/transmissions?siren=12345')).body).toMatchObject({ error: 'invalid_query' });
  });

  test('a token of a third collectivité reads neither the séance nor its log (403)', async () => {
    const third = await tokenFor('213500994', 'third');
    for (const path of ['', '/events', '/items/AD_2025_0043'])
      expect((await api('GET', `${sessionPath({ siren: '223500018', sessionId: 'e2e-seed' })}${path}`, { token: third })).status).toBe(403);
  });
});

describe('finding 11 — titles reach the préfecture as typed', () => {
  test('a title holding "&amp;", "&lt;" and quotes is acknowledged with the very same objet', async () => {
    const title = 'Travaux &amp; voirie : « &lt;lot 2&gt; » & “avenant”';
    const events = asSession(seed, 'as-typed', day(10, 3)).map((e) =>
      e.type === 'SessionOpened'
        ? ({ ...e, payload: { ...e.payload, items: e.payload.items.map((item) => ({ ...item, title })) } } as SessionOpened)
        : e,
    );
    const key = { siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: 'as-typed' };
    expect((await api('POST', `${sessionPath(key)}/events`, { body: { events } })).status).toBe(202);
    const item = await eventually(async () => {
      const { body } = await api('GET', `${sessionPath(key)}/items/AD_2025_0043`);
      return body.status === 'acknowledged' ? body : undefined;
    }, 30);
    const inbox = (await (await fetch(`${stack().prefecture.url}/inbox`)).json()) as { acts: { idActe: string; objet: string }[] };
    expect(inbox.acts.find((a) => a.idActe === item.actesId)?.objet).toBe(title);
  });
});

describe('finding 4 — no event is left logged without a way to finish it', () => {
  test('events logged by a post that died before sending are sent, in their order, by the next post to the séance', async () => {
    const events = asSession(seed, 'half-post', day(10, 4));
    const key = { siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: 'half-post' };
    // A post that logged the opening and the roll call, then died before reaching the queue.
    const { documents, s3 } = clients();
    const store = dynamoSessionStore(documents, stack().resources.tables.main, s3DocumentStore(s3, stack().resources.buckets.documents));
    await store.append(key, events.slice(0, 2), { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
    expect((await api('POST', `${sessionPath(key)}/events`, { body: { events: events.slice(2) } })).status).toBe(202);
    const log = await processed(
      key,
      events.map((e) => e.eventId),
    );
    expect(log.map((e) => [e.eventId, e.status])).toEqual(events.map((e) => [e.eventId, 'applied']));
  });
});

describe('finding 3 — posts to one séance are recorded one at a time', () => {
  test('a post that cannot take the séance within its wait is a 503 to post again, and records nothing', async () => {
    const events = asSession(seed, 'held', day(10, 5));
    const key = { siren: (events[0] as SessionOpened).payload.assembly.siren, sessionId: 'held' };
    const { documents, s3 } = clients();
    const store = dynamoSessionStore(documents, stack().resources.tables.main, s3DocumentStore(s3, stack().resources.buckets.documents));
    const now = new Date();
    expect(await store.lease(key, 'a-stuck-post', now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBe(true);
    const busy = await api('POST', `${sessionPath(key)}/events`, { body: { events } });
    expect(busy).toMatchObject({ status: 503, body: { error: 'busy', retryAfterSeconds: 2 } });
    expect((await api('GET', `${sessionPath(key)}/events`)).status).toBe(404);
    await store.release(key, 'a-stuck-post');
    expect((await api('POST', `${sessionPath(key)}/events`, { body: { events } })).status).toBe(202);
  });
});
