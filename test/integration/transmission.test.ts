/**
 * Transmission to the préfecture when things go wrong, on the real engines with resources of its own
 * and a préfecture simulator of its own (so the faults injected here touch no other test): the
 * production use cases, a real SQS poller for transmit-act, real HTTP to the simulator.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, test } from 'vitest';
import { actesConnector } from '#adapters/prefecture/actes-connector';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { s2lowConnector } from '#adapters/prefecture/s2low-connector';
import type { SessionEvent } from '#events/session-events';
import { certifyAct } from '#functions/certify-act/certify';
import { pollAcknowledgements } from '#functions/poll-acknowledgements/poll';
import { transmitAct } from '#functions/transmit-act/transmit';
import { sampleEvents } from '../support/seance.ts';
import { closeHarnesses, FAULTS_TOKEN, harness, s2low, S2LOW_ACCOUNT, type Harness } from './prefecture-harness.ts';
import { asSession, eventually, keyOf, logAndProcess, seance, sessionPath } from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
afterEach(closeHarnesses);

describe('transmission to the préfecture', () => {
  test('the préfecture down, then back up: the act is acknowledged once, never twice', async () => {
    const h = await harness({ down: true });
    const actesId = await certified(h, 'down-up', '2025-05-05');
    h.transmitting();
    await new Promise((done) => setTimeout(done, 2500));
    expect((await h.transmission(actesId))?.status).toBe('queued');
    expect(h.simulator.inbox.list()).toEqual([]);

    // Back up, through the simulator's own fault route, as a demo or another tool would do it.
    const faults = await fetch(`${h.simulator.url}/_faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${FAULTS_TOKEN}` },
      body: JSON.stringify({ down: false }),
    });
    expect(await faults.json()).toMatchObject({ down: false, errorRate: 0 });
    const acknowledged = await h.until(actesId, 'acknowledged');
    expect(acknowledged).toMatchObject({ status: 'acknowledged', receivedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    // The same transmission asked for again, by a redelivery or a replay: nothing is sent twice.
    await h.sqs.send(
      new SendMessageCommand({
        QueueUrl: h.resources.queues.transmissions.url,
        MessageBody: JSON.stringify({ type: 'TransmissionRequested', version: 1, actesId }),
      }),
    );
    await new Promise((done) => setTimeout(done, 1500));
    expect(h.simulator.inbox.list().map((e) => e.idActe)).toEqual([actesId]);
    expect(await h.transmission(actesId)).toEqual(acknowledged);
  });

  test('the same transmission asked for twice at once is sent once: one worker holds it', async () => {
    const h = await harness({ latencyMs: 300 });
    const actesId = await certified(h, 'twice-at-once', '2025-05-11');
    const outcomes = await Promise.allSettled([transmitAct(actesId, h.deps), transmitAct(actesId, h.deps)]);
    // The other one fails, so its message comes back; by then the act is answered and nothing is sent again.
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)).sort()).toEqual([
      'acknowledged',
      `the transmission of ${actesId} is held by another attempt; asked again once its lease runs out`,
    ]);
    expect(await transmitAct(actesId, h.deps)).toBe('unchanged');
    expect(h.simulator.inbox.list().map((e) => e.idActe)).toEqual([actesId]);
  });

  test('an act sent by an attempt whose answer was lost is not sent again: the next attempt asks the préfecture first', async () => {
    const h = await harness();
    const actesId = await certified(h, 'answer-lost', '2025-05-13');
    const { connector } = h.deps;
    const losing = {
      ...connector,
      async submit(submission: Parameters<typeof connector.submit>[0]): Promise<never> {
        await connector.submit(submission);
        throw new Error('the answer was lost on the way back');
      },
    };
    await expect(transmitAct(actesId, { ...h.deps, connector: losing })).rejects.toThrow('the answer was lost');
    expect(await transmitAct(actesId, h.deps)).toBe('acknowledged');
    expect(h.simulator.inbox.list().map((e) => [e.idActe, e.receptions ?? 1])).toEqual([[actesId, 1]]);
  });

  test('an attempt that died holding the transmission is followed by another once its lease runs out', async () => {
    const h = await harness();
    const actesId = await certified(h, 'died-holding', '2025-05-12');
    const now = new Date();
    expect(await h.deps.acts.leaseTransmission(actesId, now.toISOString(), new Date(now.getTime() + 1000).toISOString())).toBeDefined();
    await expect(transmitAct(actesId, h.deps)).rejects.toThrow('held by another attempt');
    await new Promise((done) => setTimeout(done, 1100));
    expect(await transmitAct(actesId, h.deps)).toBe('acknowledged');
    expect(h.simulator.inbox.list().map((e) => e.idActe)).toEqual([actesId]);
  });

  test('what is not the préfecture refusing the act is retried, not recorded as a refusal', async () => {
    const h = await harness();
    const actesId = await certified(h, 'not-a-refusal', '2025-05-12');
    const wrongPlace = { ...h.deps, connector: actesConnector(`${h.simulator.url}/nowhere`) };
    await expect(transmitAct(actesId, wrongPlace)).rejects.toThrow('answered 404');
    const wrongAccount = { ...h.deps, connector: s2lowConnector({ url: h.simulator.url, login: S2LOW_ACCOUNT.login, password: 'wrong' }) };
    await expect(transmitAct(actesId, wrongAccount)).rejects.toThrow("S²LOW refused access: Échec de l'authentification");
    expect((await h.transmission(actesId))?.status).toBe('queued');
    expect(await transmitAct(actesId, h.deps)).toBe('acknowledged');
  });

  test('S²LOW answering "same number" after an attempt whose answer was lost is not recorded as a refusal', async () => {
    const h = await harness({}, s2low);
    const events = asSession(seed, 'lost-answer');
    const actesId = await certified(h, events);
    // A first attempt reached S²LOW, then its worker died before recording it.
    const lease = new Date(Date.now() + 60_000).toISOString();
    await h.deps.acts.leaseTransmission(actesId, new Date().toISOString(), lease);
    const { state } = await h.deps.sessions.load(keyOf(events));
    const pdf = (await h.deps.documents.get((await h.deps.acts.getExtract(actesId))!.documents.pdf))!.bytes;
    const item = state!.items[0]!;
    await h.deps.connector.submit({
      actesId,
      nature: 'DE',
      numeroInterne: item.number,
      decisionDate: state!.date,
      objet: item.title,
      matieres: [7, 1],
      pdf,
      annexes: [],
    });
    await h.deps.acts.releaseTransmission(actesId, lease);

    await expect(transmitAct(actesId, h.deps)).rejects.toThrow('perhaps from an earlier attempt');
    expect((await h.transmission(actesId))?.status).toBe('queued');
  });

  test('an act still queued once its message can only be dead is asked for again, once, then after a growing wait — no retry storm', async () => {
    const h = await harness();
    const actesId = await certified(h, 'stale', '2025-05-13');
    const queuedAt = Date.now();
    const at = (minutes: number) => ({ ...h.deps, now: () => new Date(queuedAt + minutes * 60_000) });
    const requeued = async (minutes: number) => (await pollAcknowledgements(at(minutes))).requeued;
    // Its first message may still be in flight for the queue's whole retry window (60 min), then 15 min more.
    expect([await requeued(31), await requeued(60), await requeued(74)]).toEqual([0, 0, 0]);
    expect(await requeued(76)).toBe(1);
    // Every minute after: nothing more, until its own message can be dead too, and a longer wait.
    const minutes = Array.from({ length: 60 }, (_, i) => 77 + i);
    expect((await Promise.all(minutes.map(requeued))).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await requeued(76 + 60 + 29)).toBe(0);
    expect(await requeued(76 + 60 + 31)).toBe(1);
    expect((await h.transmission(actesId))?.requeues).toBe(2);
    h.transmitting();
    await h.until(actesId, 'acknowledged');
  });

  test('an acknowledgement that comes later is polled on the schedule, and applied once', async () => {
    const h = await harness({ ackDelaySeconds: 2 });
    const actesId = await certified(h, 'later', '2025-05-06');
    h.transmitting();
    const sent = await h.until(actesId, 'sent');
    expect(sent).toMatchObject({ reference: actesId, sentAt: expect.any(String) });
    expect(await pollAcknowledgements(h.deps)).toEqual({ waiting: 1, acknowledged: 0, refused: 0, cancelled: 0, requeued: 0, letters: 0 });
    await new Promise((done) => setTimeout(done, 2200));
    expect(await pollAcknowledgements(h.deps)).toEqual({ waiting: 0, acknowledged: 1, refused: 0, cancelled: 0, requeued: 0, letters: 0 });
    expect(await pollAcknowledgements(h.deps)).toEqual({ waiting: 0, acknowledged: 0, refused: 0, cancelled: 0, requeued: 0, letters: 0 });
    expect((await h.deps.acts.getExtract(actesId))?.stamped?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a refused act shows the préfecture’s reason in the item view', async () => {
    const h = await harness({ refuse: { nature: '012', detail: 'Acte transmis hors délai de la convention' } });
    const actesId = await certified(h, 'refused', '2025-05-07');
    h.transmitting();
    expect(await h.until(actesId, 'refused')).toMatchObject({
      anomaly: { nature: '012', detail: 'Acte transmis hors délai de la convention' },
    });

    const { body: item } = await h.api('GET', `${sessionPath(seance('refused', '2025-05-07'))}/items/AD_2025_0043`, undefined, 'admin');
    expect(item).toMatchObject({ status: 'refused', statusLabel: 'refusée' });
    expect(item.transmission).toMatchObject({
      status: 'refused',
      anomaly: { nature: '012', detail: 'Acte transmis hors délai de la convention' },
    });
    expect(item.extract.stamped).toBeNull();
  });

  test('a certification request that arrives before the séance shows the signature waits for it', async () => {
    const h = await harness();
    const events = asSession(seed, 'early', '2025-05-10');
    const certification = sqsQueue(h.sqs, h.resources.queues.certification.url);
    const key = keyOf(events);
    const record = (event: SessionEvent) =>
      logAndProcess(key, event, { sessions: h.deps.sessions, acts: h.deps.acts, certification, now: h.deps.now });
    for (const event of events.slice(0, -1)) await record(event);
    const { state } = await h.deps.sessions.load(key);
    const request = {
      type: 'CertificationRequested' as const,
      version: 2 as const,
      ...key,
      item: 'AD_2025_0043',
      actesId: state!.items[0]!.actesId,
      eventId: 'e',
    };
    const certifying = certifyAct(request, { ...h.deps, connector: 'actes' });
    await new Promise((done) => setTimeout(done, 400));
    await record(events.at(-1)!);
    expect(await certifying).toBe('queued');
  });

  test('a délibération without a classification is refused here, with the reason, and nothing is sent', async () => {
    const h = await harness();
    const events = asSession(seed, 'unclassified', '2025-05-14').map((e) => {
      if (e.type !== 'SessionOpened') return e;
      const items = e.payload.items.map(({ matiere: _matiere, ...item }) => item);
      return { ...e, payload: { ...e.payload, items } };
    });
    const actesId = await certified(h, events);
    expect(await transmitAct(actesId, h.deps)).toBe('refused');
    expect((await h.transmission(actesId))?.anomaly).toEqual({
      nature: 'local',
      detail: 'the délibération has no @CTES classification (matiere, e.g. "7.1"): nothing was sent',
    });
    expect(h.simulator.inbox.list()).toEqual([]);
  });

  test('a title holding <, &, quotes and characters beyond Latin-1 reaches the préfecture intact', async () => {
    const h = await harness();
    const title = 'Œuvres & <patrimoine> — « l’été » "2025" 中文 Δ';
    const events = asSession(seed, 'tricky', '2025-05-08').map((e) =>
      e.type === 'SessionOpened' ? { ...e, payload: { ...e.payload, items: e.payload.items.map((i) => ({ ...i, title })) } } : e,
    );
    const actesId = await certified(h, events);
    h.transmitting();
    await h.until(actesId, 'acknowledged');
    expect(h.simulator.inbox.get(actesId)?.acte.objet).toBe(title);
  });

  test('an S²LOW status that needs a person (17, en attente d’être postée) raises one failure record, closed once S²LOW moves on', async () => {
    const h = await harness({ s2lowStatus: '17' }, s2low);
    const actesId = await certified(h, asSession(seed, 's2low-held'));
    h.transmitting();
    await h.until(actesId, 'sent');
    expect(await pollAcknowledgements(h.deps)).toMatchObject({ waiting: 1, acknowledged: 0 });
    expect(await pollAcknowledgements(h.deps)).toMatchObject({ waiting: 1, acknowledged: 0 });
    expect((await h.transmission(actesId))?.reported).toMatchObject({ code: '17', label: "En attente d'être postée" });
    const [record, ...others] = await h.deps.failures.list({ status: 'open' });
    expect(others).toEqual([]);
    expect(record).toMatchObject({ kind: 'attention', attempts: 1, concerns: { actesId, siren: '223500018' } });
    expect(record?.error.message).toMatch(/confirmer la transaction dans S²LOW/);

    h.simulator.setFaults({ s2lowStatus: null });
    expect(await pollAcknowledgements(h.deps)).toMatchObject({ waiting: 0, acknowledged: 1 });
    expect((await h.transmission(actesId))?.reported).toMatchObject({ code: '4', label: 'Acquittement reçu' });
    expect(await h.deps.failures.get(record!.id)).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
  });

  test('an S²LOW status past the acknowledgement (13, archivé) without its ARActe: the ARActe is fetched on its own, the act acknowledged', async () => {
    const h = await harness({ s2lowStatus: '13' }, s2low);
    const actesId = await certified(h, asSession(seed, 's2low-archived'));
    h.transmitting();
    await h.until(actesId, 'sent');
    expect(await pollAcknowledgements(h.deps)).toMatchObject({ waiting: 0, acknowledged: 1 });
    expect(await h.transmission(actesId)).toMatchObject({ status: 'acknowledged', reported: { code: '13', label: 'Archivé par le SAE' } });
    expect(await h.deps.failures.list({ status: 'open' })).toEqual([]);
  });

  test('an S²LOW transaction cancelled there (status 0) is the act’s transmission cancelled', async () => {
    const h = await harness({ s2lowStatus: '0' }, s2low);
    const actesId = await certified(h, asSession(seed, 's2low-cancelled'));
    h.transmitting();
    await h.until(actesId, 'sent');
    expect(await pollAcknowledgements(h.deps)).toMatchObject({ waiting: 0, cancelled: 1 });
    expect(await h.transmission(actesId)).toMatchObject({ status: 'cancelled', cancellation: { detail: 'la transmission a été annulée' } });
    expect(await h.deps.failures.list({ status: 'open' })).toEqual([]);
  });

  test('through the S²LOW API: created, polled to status 4 with its ARActe; the same number again is refused as S²LOW does', async () => {
    const h = await harness({}, s2low);
    // The S²LOW account's authority is the seed's collectivité (SIREN 223500018).
    const actesId = await certified(h, asSession(seed, 's2low'));
    h.transmitting();
    const sent = await eventually(async () => {
      const t = await h.transmission(actesId);
      return t && t.status !== 'queued' ? t : undefined;
    });
    expect(sent).toMatchObject({ status: 'sent', connector: 's2low', reference: '1' });
    expect(await pollAcknowledgements(h.deps)).toEqual({ waiting: 0, acknowledged: 1, refused: 0, cancelled: 0, requeued: 0, letters: 0 });
    expect(h.simulator.inbox.get(actesId)).toMatchObject({ channel: 's2low', status: 'acknowledged' });

    const again = await h.deps.connector.submit({
      actesId,
      nature: 'DE',
      numeroInterne: 'AD_2025_0043',
      decisionDate: '2025-03-20',
      objet: 'Œuvres',
      matieres: [7, 1],
      pdf: Buffer.from('%PDF-1.7'),
      annexes: [],
      archive: { name: 'unused', bytes: Buffer.alloc(0) },
    });
    expect(again).toEqual({
      status: 'refused',
      duplicate: true,
      detail:
        'Un acte portant le même numéro interne existe déjà dans la base de données.\nIl faut peut-être ajouter un suffixe au numéro.',
    });
    await expect(s2lowConnector({ url: h.simulator.url, login: 'cd35', password: 'wrong' }).poll('1')).rejects.toThrow(
      "Échec de l'authentification",
    );
  });
});

/** The seed séance under its own id and date, certified. */
function certified(h: Harness, sessionId: string | readonly SessionEvent[], date?: string) {
  return h.certified(typeof sessionId === 'string' ? asSession(seed, sessionId, date) : sessionId);
}
