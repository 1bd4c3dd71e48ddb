/**
 * Finding 5 — a séance too large for one DynamoDB item was accepted, then lost. A département's
 * budget séance of 300 délibérations with their full texts (an opening of about 2.7 MB) now goes
 * end to end: every event applied, every act certified, transmitted and acknowledged once. A body
 * over the documented limit is refused at the door, and nothing is logged.
 */
import { expect, test } from 'vitest';
import type { SessionOpened } from '#events/session-events';
import { MAX_BODY_BYTES } from '#functions/api/requests';
import { largeSeance } from '#scripts/large-seance';
import { api, eventually, processed, sessionPath, sirenFor, stack } from './support.ts';

const ITEMS = 300;

test(`finding 5 — a séance of ${ITEMS} délibérations with full texts goes end to end, every act acknowledged once`, async () => {
  const key = { siren: sirenFor('2025-11-15'), sessionId: 'budget-300' };
  const events = largeSeance({ members: 100, items: ITEMS, fullTexts: true, ...key, date: '2025-11-15' });
  const [opening, ...rest] = events;
  expect(Buffer.byteLength(JSON.stringify(opening))).toBeGreaterThan(2_000_000);
  expect((await api('POST', `${sessionPath(key)}/events`, { body: opening })).status).toBe(202);
  for (let i = 0; i < rest.length; i += 100)
    expect((await api('POST', `${sessionPath(key)}/events`, { body: { events: rest.slice(i, i + 100) } })).status).toBe(202);

  const log = await processed(
    key,
    events.map((e) => e.eventId),
    180,
  );
  expect(log.filter((e) => e.status !== 'applied')).toEqual([]);
  const seance = await eventually(async () => {
    const { body } = await api('GET', sessionPath(key));
    return body.items.every((item: { status: string }) => item.status === 'acknowledged') ? body : undefined;
  }, 420);
  expect(seance.items).toHaveLength(ITEMS);

  const item = (await api('GET', `${sessionPath(key)}/items/AD_2025_0299`)).body;
  expect(item.expose.length).toBeGreaterThan(5_900);
  const inbox = (await (await fetch(`${stack().prefecture.url}/inbox`)).json()) as { acts: { siren: string }[] };
  expect(inbox.acts.filter((a) => a.siren === key.siren)).toHaveLength(ITEMS);
}, 600_000);

test(`finding 5 — a body of ${MAX_BODY_BYTES + 1} bytes is a 413 naming the limit, and nothing is logged; ${MAX_BODY_BYTES} bytes pass the door`, async () => {
  const key = { siren: sirenFor('2025-11-17'), sessionId: 'at-the-limit' };
  const [opening] = largeSeance({ members: 10, items: 1, ...key, date: '2025-11-17' }) as [SessionOpened];
  const sized = (bytes: number) => {
    const bare = { ...opening, payload: { ...opening.payload, items: [{ ...opening.payload.items[0]!, expose: '' }] } };
    const padding = bytes - Buffer.byteLength(JSON.stringify(bare));
    return JSON.stringify({ ...bare, payload: { ...bare.payload, items: [{ ...bare.payload.items[0]!, expose: 'x'.repeat(padding) }] } });
  };
  const over = await api('POST', `${sessionPath(key)}/events`, { body: sized(MAX_BODY_BYTES + 1) });
  expect(over).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
  expect(over.body.message).toBe(`the body is ${MAX_BODY_BYTES + 1} bytes; a request carries at most ${MAX_BODY_BYTES} bytes`);
  expect((await api('GET', `${sessionPath(key)}/events`)).status).toBe(404);
  expect((await api('POST', `${sessionPath(key)}/events`, { body: sized(MAX_BODY_BYTES) })).status).toBe(202);
});

test(`finding 5 — an opening over ${MAX_BODY_BYTES} bytes is a 413 naming the limit, and nothing is logged`, async () => {
  const key = { siren: sirenFor('2025-11-16'), sessionId: 'budget-too-large' };
  const [opening] = largeSeance({ members: 100, items: 1000, fullTexts: true, ...key, date: '2025-11-16' });
  const answer = await api('POST', `${sessionPath(key)}/events`, { body: opening });
  expect(answer.status).toBe(413);
  expect(answer.body).toMatchObject({ error: 'payload_too_large' });
  expect(answer.body.message).toContain(`at most ${MAX_BODY_BYTES} bytes`);
  expect((await api('GET', `${sessionPath(key)}/events`)).status).toBe(404);
});

test('a séance whose projection could not be stored, however short each text, is refused at the API (422 SESSION_TOO_LARGE), and nothing is logged', async () => {
  const key = { siren: sirenFor('2025-11-18'), sessionId: 'too-large-to-store' };
  const [opening] = largeSeance({ members: 10, items: 1000, ...key, date: '2025-11-18' }) as [SessionOpened];
  let seed = 7;
  /** Ideographs drawn at random: text that compresses hardly at all. */
  const noise = (length: number) =>
    Array.from({ length }, () => String.fromCharCode(0x4e00 + ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 0x5000))).join('');
  const items = opening.payload.items.map((item) => ({
    ...item,
    title: noise(499),
    commission: noise(200),
    policy: noise(200),
    expose: undefined,
  }));
  const answer = await api('POST', `${sessionPath(key)}/events`, { body: { ...opening, payload: { ...opening.payload, items } } });
  expect(answer.status).toBe(422);
  expect(answer.body.events).toEqual([expect.objectContaining({ index: 0, code: 'SESSION_TOO_LARGE' })]);
  expect((await api('GET', `${sessionPath(key)}/events`)).status).toBe(404);
});
