import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { frenchDate } from '#extract/french';
import { pdfText } from '../support/pdf-text.ts';
import { sampleEvents } from '../support/seance.ts';
import { api, asSession, bypassingApi, download, eventually, processed, seance, sessionPath, stack, tokenFor } from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');

describe('the seed séance end to end through the API, the FIFO queue and the table (CGCT L3121-14)', () => {
  test('posting the séance gives the délibération of the act: quorum 28 reached, 54–0–0, "adoptée à l’unanimité"', async () => {
    const events = asSession(seed, 'e2e-seed');
    const posted = await api('POST', `${sessionPath(seance('e2e-seed'))}/events`, { body: { events } });
    expect(posted).toEqual({ status: 202, body: { accepted: events.map((e) => e.eventId), duplicates: [] } });
    const log = await processed(
      seance('e2e-seed'),
      events.map((e) => e.eventId),
    );
    expect(log.map((e) => e.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    const { status, body: item } = await api('GET', `${sessionPath(seance('e2e-seed'))}/items/AD_2025_0043`);
    expect(status).toBe(200);
    expect(item.quorum).toEqual({
      inOffice: 54,
      required: 28,
      present: 40,
      represented: 14,
      voting: 54,
      reached: true,
      rule: 'CGCT L3121-14',
      suppleants: 0,
      withdrawn: 0,
    });
    expect(item.vote).toMatchObject({ method: 'show_of_hands', pour: 54, contre: 0, abstention: 0, exprimes: 54 });
    expect(item.outcome).toEqual({ adopted: true, wording: "adoptée à l'unanimité", text: "adoptée à l'unanimité", castingVote: false });
    expect(item.actesId).toBe('035-223500018-20250320-AD_2025_0043-DE');
    // Signed, and from there on its way to the préfecture: the status says how far it has gone.
    expect(['signed', 'certified', 'transmitted', 'acknowledged']).toContain(item.status);
    expect(item.attendance.represented).toContainEqual({
      id: 'martins',
      name: 'M. MARTINS',
      by: { id: 'dugueperoux-honore', name: 'Mme DUGUÉPÉROUX-HONORÉ' },
    });
    expect(item.visas).toEqual(["Vu le code général des collectivités territoriales, notamment l'article L. 3211-1;"]);
    expect(item.decision).toContain('PNED3 pour 13,12 millions');

    const session = await api('GET', `${sessionPath(seance('e2e-seed'))}`);
    expect(session.body).toMatchObject({ status: 'closed', closedAt: '18:07', version: 5 });
    expect(session.body.items).toEqual([
      {
        number: 'AD_2025_0043',
        label: 'AD 2025 0043',
        title: 'Transformation numérique et transformations des pratiques',
        actesId: '035-223500018-20250320-AD_2025_0043-DE',
        status: expect.stringMatching(/^(signed|certified|transmitted|acknowledged)$/),
        statusLabel: expect.stringMatching(/^(signée|certifiée|transmise|acquittée)$/),
        outcome: { adopted: true, wording: "adoptée à l'unanimité", text: "adoptée à l'unanimité", castingVote: false },
      },
    ]);
  });

  test('the signed act is certified, transmitted and acknowledged once; its extract and stamped copy are downloadable', async () => {
    const idActe = '035-223500018-20250320-AD_2025_0043-DE';
    const item = await eventually(async () => {
      const { body } = await api('GET', `${sessionPath(seance('e2e-seed'))}/items/AD_2025_0043`);
      return body.transmission?.status === 'acknowledged' ? body : undefined;
    });
    expect(item.transmission).toMatchObject({ actesId: idActe, status: 'acknowledged', statusLabel: 'acquittée', connector: 'actes' });
    expect(item).toMatchObject({ status: 'acknowledged', statusLabel: 'acquittée' });
    expect((await api('GET', `${sessionPath(seance('e2e-seed'))}`)).body.items[0]).toMatchObject({
      status: 'acknowledged',
      statusLabel: 'acquittée',
    });
    expect(item.transmission.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.transmission.archive).toMatch(/^reg-EACT--223500018--\d{8}-\d+\.tar\.gz$/);

    const inbox = (await (await fetch(`${stack().prefecture.url}/inbox`)).json()) as {
      acts: { idActe: string; status: string; objet: string }[];
    };
    expect(inbox.acts.filter((a) => a.idActe === idActe)).toEqual([
      expect.objectContaining({ status: 'acknowledged', objet: 'Transformation numérique et transformations des pratiques' }),
    ]);
    const page = await (await fetch(`${stack().prefecture.url}/`)).text();
    expect(page).toContain(`<code>${idActe}</code>`);
    expect(page).toContain(`ARActe — reçu le ${item.transmission.receivedOn}`);

    const pdf = await download(item.extract.pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(item.extract.sha256);
    const text = (await download(item.extract.txt)).toString('utf8');
    expect(text).toContain('Pour : 54 Contre : 0 Abstention : 0');
    expect(text).not.toContain('Transmis en préfecture');
    const stamped = (await download(item.extract.stamped.txt)).toString('utf8');
    expect(stamped.split('\n')[0]).toBe(`Transmis en préfecture le : ${frenchDate(item.transmission.receivedOn)} — ID : ${idActe}`);
    const stampedPdf = await pdfText(await download(item.extract.stamped.pdf));
    expect(stampedPdf.pages[0]).toContain(frenchDate(item.transmission.receivedOn));

    const listed = await api('GET', '/transmissions?status=acknowledged');
    expect(listed.body.transmissions.map((t: { actesId: string }) => t.actesId)).toContain(idActe);
    expect((await api('GET', '/transmissions?status=lost')).status).toBe(400);
  });

  test('posting the same events again is harmless: they are answered as duplicates and change nothing', async () => {
    const events = asSession(seed, 'e2e-again', '2025-03-21');
    await api('POST', `${sessionPath(seance('e2e-again', '2025-03-21'))}/events`, { body: { events } });
    await processed(
      seance('e2e-again', '2025-03-21'),
      events.map((e) => e.eventId),
    );
    const again = await api('POST', `${sessionPath(seance('e2e-again', '2025-03-21'))}/events`, { body: { events } });
    expect(again).toEqual({ status: 202, body: { accepted: [], duplicates: events.map((e) => e.eventId) } });
    expect((await api('GET', `${sessionPath(seance('e2e-again', '2025-03-21'))}`)).body.version).toBe(5);
  });

  test('the log with include=events carries each event as posted; another include is a 400 naming it', async () => {
    const events = asSession(seed, 'e2e-again', '2025-03-21');
    const path = `${sessionPath(seance('e2e-again', '2025-03-21'))}/events`;
    const { body } = await api('GET', `${path}?include=events`);
    expect(body.events.map((e: { event: unknown }) => e.event)).toEqual(events);
    expect((await api('GET', path)).body.events.every((e: object) => !('event' in e))).toBe(true);
    expect(await api('GET', `${path}?include=bodies`)).toMatchObject({
      status: 400,
      body: { error: 'invalid_query', violations: [{ field: 'query.include' }] },
    });
  });
});

describe('the order of a batch', () => {
  test('events accepted together keep the order they were posted in, whatever their ids', async () => {
    const [opening, roll] = asSession(seed, 'e2e-order', '2025-03-24');
    const events = [
      { ...opening!, eventId: 'zz-opening' },
      { ...roll!, eventId: 'aa-roll-call' },
    ];
    expect((await api('POST', `${sessionPath(seance('e2e-order', '2025-03-24'))}/events`, { body: { events } })).status).toBe(202);
    const log = await processed(seance('e2e-order', '2025-03-24'), ['zz-opening', 'aa-roll-call']);
    expect(log.map((e) => [e.eventId, e.status])).toEqual([
      ['zz-opening', 'applied'],
      ['aa-roll-call', 'applied'],
    ]);
  });
});

describe('refusals name the field or the rule', () => {
  test('an invalid event is answered 400 naming the field, and nothing is recorded', async () => {
    const [opening] = asSession(seed, 'e2e-invalid');
    const broken = { ...opening, payload: { ...(opening as any).payload, openedAt: '9h30' } };
    const { status, body } = await api('POST', `${sessionPath(seance('e2e-invalid'))}/events`, { body: broken });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_events' });
    expect(body.events).toEqual([
      {
        index: 0,
        eventId: 'e2e-invalid-cd35-2025-03-20-001',
        violations: [{ field: 'payload.openedAt', message: 'must be an hour as HH:MM, e.g. "09:30"' }],
      },
    ]);
    expect((await api('GET', `${sessionPath(seance('e2e-invalid'))}/events`)).status).toBe(404);
  });

  test('a body that is not JSON, and an event addressed to another séance, are 400', async () => {
    expect((await api('POST', `${sessionPath(seance('e2e-x'))}/events`, { body: '{nope' })).body).toMatchObject({ error: 'invalid_json' });
    const [opening] = asSession(seed, 'e2e-elsewhere');
    const { status, body } = await api('POST', `${sessionPath(seance('e2e-x'))}/events`, { body: opening });
    expect(status).toBe(400);
    expect(body.events[0].violations).toEqual([{ field: 'sessionId', message: 'must be the séance of the URL, "e2e-x"' }]);
  });

  test('a second proxy to the same holder is 422; arriving through the queue it is recorded as rejected and the state is unchanged (CGCT L3121-16)', async () => {
    const [opening, roll] = asSession(seed, 'e2e-proxy', '2025-03-22');
    await api('POST', `${sessionPath(seance('e2e-proxy', '2025-03-22'))}/events`, { body: { events: [opening, roll] } });
    await processed(seance('e2e-proxy', '2025-03-22'), [opening!.eventId, roll!.eventId]);
    const before = (await api('GET', `${sessionPath(seance('e2e-proxy', '2025-03-22'))}`)).body;

    // Mme ABADIE's proxy went to M. LE MOAL; M. BOURGEAUX now gives his to M. LE MOAL too.
    const second = {
      eventId: 'e2e-proxy-second',
      type: 'AttendanceRecorded',
      sessionId: 'e2e-proxy',
      occurredAt: '2025-03-20T10:15:00+01:00',
      payload: { entries: [{ memberId: 'bourgeaux', status: 'absent', proxyTo: 'le-moal' }] },
    };
    const refused = await api('POST', `${sessionPath(seance('e2e-proxy', '2025-03-22'))}/events`, { body: second });
    expect(refused.status).toBe(422);
    expect(refused.body.events).toEqual([
      {
        index: 0,
        eventId: 'e2e-proxy-second',
        code: 'PROXY_HOLDER_FULL',
        rule: 'CGCT L3121-16',
        memberId: 'le-moal',
        field: 'payload.entries[0].proxyTo',
        item: 'AD_2025_0043',
        message: { fr: 'M. LE MOAL détient déjà un pouvoir (CGCT L3121-16)', en: 'M. LE MOAL holds a proxy already (CGCT L3121-16)' },
      },
    ]);

    await bypassingApi(seance('e2e-proxy', '2025-03-22'), second);
    const log = await processed(seance('e2e-proxy', '2025-03-22'), [second.eventId]);
    expect(log.at(-1)).toMatchObject({
      eventId: 'e2e-proxy-second',
      status: 'rejected',
      reason: { code: 'PROXY_HOLDER_FULL', rule: 'CGCT L3121-16' },
    });
    expect((await api('GET', `${sessionPath(seance('e2e-proxy', '2025-03-22'))}`)).body).toEqual(before);
  });
});

describe('access', () => {
  test('every séance route needs a valid bearer token', async () => {
    expect(await api('GET', `${sessionPath(seance('e2e-seed'))}`, { token: null })).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect(await api('GET', `${sessionPath(seance('e2e-seed'))}`, { token: 'forged.token.here' })).toMatchObject({ status: 401 });
    expect((await api('GET', '/health', { token: null })).body).toEqual({ status: 'ok' });
  });

  test('a token scoped to another assembly is refused (403), and only the secretariat records events', async () => {
    const other = await tokenFor({ role: 'secretariat', scope: ['213502388'], sub: 'rennes' });
    const [opening] = asSession(seed, 'e2e-scope', '2025-03-23');
    expect(await api('POST', `${sessionPath(seance('e2e-scope', '2025-03-23'))}/events`, { body: opening, token: other })).toMatchObject({
      status: 403,
    });
    expect(
      await api('POST', `${sessionPath(seance('e2e-scope', '2025-03-23'))}/events`, { body: opening, token: stack().tokens.admin }),
    ).toMatchObject({
      status: 403,
      body: { message: 'the admin role does not record session events; the secretariat does' },
    });
    await api('POST', `${sessionPath(seance('e2e-scope', '2025-03-23'))}/events`, { body: opening });
    await processed(seance('e2e-scope', '2025-03-23'), [opening!.eventId]);
    expect(await api('GET', `${sessionPath(seance('e2e-scope', '2025-03-23'))}`, { token: other })).toMatchObject({ status: 403 });
    expect(await api('GET', `${sessionPath(seance('e2e-scope', '2025-03-23'))}`, { token: stack().tokens.admin })).toMatchObject({
      status: 200,
    });
  });

  test('unknown séances, items and routes are 404 with a JSON body', async () => {
    expect(await api('GET', `${sessionPath(seance('never-opened'))}`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await api('GET', `${sessionPath(seance('e2e-seed'))}/items/NOPE`)).toMatchObject({ status: 404 });
    expect(await api('GET', '/nothing/here')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
