/**
 * The préfecture's classification: fetched through each connector (DemandeClassification, answered
 * RetourClassification or ReponseClassificationSansChangement), kept with its date; the acts then
 * refer to that version (ClassificationDateVersion); an opening naming a matière or a piece type it
 * does not know is refused, naming the code and the classification's date.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { classificationDateFor, refreshClassification } from '#acts/classification-refresh';
import type { SessionEvent } from '#events/session-events';
import { sampleEvents } from '../support/seance.ts';
import { closeHarnesses, harness, s2low } from './prefecture-harness.ts';
import { asSession, sessionPath } from './support.ts';

afterEach(closeHarnesses);

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const CD35 = { siren: '223500018', departement: '035' };

describe.each([
  ['the @CTES archive', undefined],
  ['the S²LOW API', s2low],
] as const)('the classification through %s', (_, connect) => {
  test('fetched with its date, kept; asked again, it is unchanged', async () => {
    const h = await harness({}, connect, '2025-06-15');
    expect(await h.deps.acts.getClassification(CD35.siren)).toBeUndefined();
    expect(await refreshClassification(CD35, h.deps)).toBe('changed');
    const kept = await h.deps.acts.getClassification(CD35.siren);
    expect(kept?.classification.date).toBe('2025-06-15');
    expect(kept?.classification.matieres).toEqual(expect.arrayContaining([{ code: '7.1.2', label: 'Décision modificative' }]));
    expect(kept?.classification.natures.find((n) => n.abbreviation === 'DE')?.pieceTypes.map((t) => t.code)).toContain('22_AN');
    expect(await refreshClassification(CD35, h.deps)).toBe('unchanged');
    // A newer version announced: the préfecture's own answer settles it; S²LOW's copy is older, so it stays wanted (S²LOW is asked for it).
    await h.deps.acts.announceClassification(CD35.siren, '2025-09-01');
    await refreshClassification(CD35, h.deps);
    expect((await h.deps.acts.getClassification(CD35.siren))?.announced).toBe(connect ? '2025-09-01' : undefined);
  });
});

describe('the acts and the openings against it', () => {
  test('the first act fetches it and refers to its version; the ARActe announcing a newer one has the next act fetch it again', async () => {
    const h = await harness({}, undefined, '2025-06-15');
    const actesId = await h.certified(asSession(seed, 'classification-first'));
    h.transmitting();
    await h.until(actesId, 'acknowledged');
    expect(h.simulator.inbox.get(actesId)?.acte.classificationDate).toBe('2025-06-15');
    expect((await h.deps.acts.getClassification(CD35.siren))?.classification.date).toBe('2025-06-15');

    await h.deps.acts.announceClassification(CD35.siren, '2025-09-01');
    expect((await h.deps.acts.getClassification(CD35.siren))?.announced).toBe('2025-09-01');
    await h.deps.acts.announceClassification(CD35.siren, '2025-01-01');
    expect((await h.deps.acts.getClassification(CD35.siren))?.announced).toBe('2025-09-01');
    const before = (await h.deps.acts.getClassification(CD35.siren))!.fetchedAt;
    expect(await classificationDateFor(CD35, h.deps)).toBe('2025-06-15');
    const after = await h.deps.acts.getClassification(CD35.siren);
    expect(after!.fetchedAt > before).toBe(true);
    expect(after?.announced).toBeUndefined();
  });

  test('an opening naming a matière the kept classification lacks is refused with its date (422); the classification is shown', async () => {
    const h = await harness({}, undefined, '2025-06-15');
    await refreshClassification(CD35, h.deps);
    const opening = (items: (item: Record<string, unknown>) => Record<string, unknown>) => {
      const event = asSession(seed, 'classification-refused').find((e) => e.type === 'SessionOpened')!;
      return event.type === 'SessionOpened'
        ? ({ ...event, payload: { ...event.payload, items: event.payload.items.map((i) => items(i)) } } as SessionEvent)
        : event;
    };
    const path = `${sessionPath({ siren: CD35.siren, sessionId: 'classification-refused' })}/events`;
    const refused = await h.api(
      'POST',
      path,
      opening((item) => ({ ...item, matiere: '7.1.9' })),
    );
    expect(refused).toMatchObject({
      status: 422,
      body: { events: [{ code: 'UNKNOWN_MATIERE', field: 'payload.items[0].matiere', rule: '@CTES classification' }] },
    });
    expect(refused.body.events[0].message.fr).toBe(
      "la matière « 7.1.9 » n'est pas dans la classification de la préfecture du 15/06/2025 (@CTES classification)",
    );
    const shown = await h.api('GET', `/assemblies/${CD35.siren}/classification`);
    expect(shown).toMatchObject({ status: 200, body: { siren: CD35.siren, date: '2025-06-15', announced: null } });
  });
});
