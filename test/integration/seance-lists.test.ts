/**
 * The lists the secretariat's console reads — the collectivités, and the séances of one — as the
 * consumer indexes séances when they open and close: through the API on the shared stack, and a
 * listing cut off after its commit, written when its event comes again.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import type { SessionEvent, SessionOpened } from '#events/session-events';
import { processSessionEvent } from '#functions/session-events/process-event';
import type { SessionStore } from '#ports/session-store';
import { sampleEvents } from '../support/seance.ts';
import { api, asSession, clients, logAndProcess, processed, seance, sessionPath, sirenFor, stack, tokenFor } from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const siren = sirenFor('2025-12-01');
const sessions = `/assemblies/${siren}/sessions`;

/** The séance store of the shared stack, as the consumer builds it. */
function stackStore() {
  const { documents, s3 } = clients();
  const { tables, buckets } = stack().resources;
  return dynamoSessionStore(documents, tables.main, s3DocumentStore(s3, buckets.documents));
}

/** The seed's opening held on `date` by the collectivité of these tests, its délibération numbered `number`. */
function openedOn(sessionId: string, date: string, number: string): SessionEvent {
  const opening = asSession(seed, sessionId, date)[0] as SessionOpened;
  const { payload } = opening;
  return {
    ...opening,
    payload: { ...payload, assembly: { ...payload.assembly, siren }, items: payload.items.map((item) => ({ ...item, number })) },
  };
}

describe('the séances of a collectivité', () => {
  beforeAll(async () => {
    // Held on 1 December and closed (its act left unsigned); opened on 15 December and still sitting.
    const closed = asSession(seed, 'list-closed', '2025-12-01').filter((e) => e.type !== 'ActSigned');
    const open = openedOn('list-open', '2025-12-15', 'AD_2025_0044');
    for (const [sessionId, events] of [
      ['list-closed', closed],
      ['list-open', [open]],
    ] as const) {
      expect((await api('POST', `${sessionPath({ siren, sessionId })}/events`, { body: { events } })).status).toBe(202);
      await processed(
        { siren, sessionId },
        events.map((e) => e.eventId),
      );
    }
  });

  test('lists both, newest first, open and closed as their projections stand', async () => {
    expect(await api('GET', sessions)).toEqual({
      status: 200,
      body: {
        siren,
        sessions: [
          {
            sessionId: 'list-open',
            date: '2025-12-15',
            assemblyName: "Département d'Ille-et-Vilaine",
            kind: 'departement',
            status: 'open',
            items: 1,
            president: expect.stringMatching(/^(M\.|Mme) /),
          },
          expect.objectContaining({ sessionId: 'list-closed', date: '2025-12-01', status: 'closed', items: 1 }),
        ],
      },
    });
  });

  test('from and to bound the dates, both included', async () => {
    const ids = async (query: string) =>
      (await api('GET', `${sessions}?${query}`)).body.sessions.map((s: { sessionId: string }) => s.sessionId);
    expect(await ids('from=2025-12-02')).toEqual(['list-open']);
    expect(await ids('from=2025-12-15')).toEqual(['list-open']);
    expect(await ids('to=2025-12-01')).toEqual(['list-closed']);
    expect(await ids('from=2025-12-01&to=2025-12-14')).toEqual(['list-closed']);
    expect(await ids('from=2025-12-16')).toEqual([]);
  });

  test('a date that is not YYYY-MM-DD, or an unknown parameter, is a 400 naming it', async () => {
    expect(await api('GET', `${sessions}?from=01/12/2025`)).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', violations: [{ field: 'query.from', message: 'must be a date as YYYY-MM-DD' }] },
    });
    expect(await api('GET', `${sessions}?to=2025-12-32`)).toMatchObject({ status: 400, body: { violations: [{ field: 'query.to' }] } });
    expect(await api('GET', `${sessions}?since=2025-12-01`)).toMatchObject({ status: 400, body: { error: 'invalid_query' } });
  });

  test('a listing written late from an older projection, or written again, changes nothing', async () => {
    const store = stackStore();
    const { state } = await store.load({ siren, sessionId: 'list-closed' });
    const before = await store.index.sessions(siren, {});
    expect(before.find((s) => s.sessionId === 'list-closed')?.status).toBe('closed');
    await store.index.record({ ...state!, status: 'open', version: 1 });
    expect(await store.index.sessions(siren, {})).toEqual(before);
    await store.index.record(state!);
    expect(await store.index.sessions(siren, {})).toEqual(before);
  });

  test('the collectivité is listed to a "*" token, by name; a token for another one neither sees it nor lists its séances', async () => {
    const { body } = await api('GET', '/assemblies');
    expect(body.assemblies).toContainEqual({ siren, name: "Département d'Ille-et-Vilaine", kind: 'departement', departement: '035' });
    const names = body.assemblies.map((a: { name: string }) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));

    const other = await tokenFor({ role: 'secretariat', scope: [sirenFor('2025-12-31')], sub: 'elsewhere' });
    expect(await api('GET', '/assemblies', { token: other })).toEqual({ status: 200, body: { assemblies: [] } });
    expect(await api('GET', sessions, { token: other })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await api('GET', '/assemblies', { token: null })).toMatchObject({ status: 401 });
  });
});

test('a listing cut off after the projection was committed is written when the event comes again, as a duplicate', async () => {
  const store = stackStore();
  const cutOff: SessionStore = {
    ...store,
    index: {
      ...store.index,
      record: () => Promise.reject(new Error('injected: the consumer stops after the commit')),
    },
  };
  const deps = {
    sessions: store,
    acts: dynamoActStore(clients().documents, stack().resources.tables.main),
    certification: { send: async () => {} },
    now: () => new Date(),
  };
  const [opening] = asSession(seed, 'list-cut-off', '2025-12-20');
  const key = seance('list-cut-off', '2025-12-20');
  const listed = async () => (await store.index.sessions(key.siren, {})).map((s) => s.sessionId);

  await expect(logAndProcess(key, opening!, { ...deps, sessions: cutOff })).rejects.toThrow('injected');
  expect((await store.load(key)).state?.version).toBe(1);
  expect(await listed()).toEqual([]);

  expect(await processSessionEvent(key, opening!.eventId, deps)).toEqual({ status: 'duplicate', seq: 0 });
  expect(await listed()).toEqual(['list-cut-off']);
  expect(await store.index.assemblies()).toContainEqual(expect.objectContaining({ siren: key.siren }));
});
