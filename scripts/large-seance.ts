/**
 * A départemental séance at full size, built for the benchmark and the tests that push Registre to
 * its limits: `members` in office (the last fifth represented), `items` délibérations with their
 * texts, a departure with a proxy and a return every ten items, every item voted and signed.
 * With `fullTexts`, each délibération carries a title of up to 499 characters, three visas, an
 * exposé of about 6 KB and a décision of about 1.5 KB, varied from one item to the next as real
 * texts are (so that compression does not flatter them).
 */
import { parseSessionEvent, type SessionEvent } from '#events/session-events';

export interface LargeSeanceOptions {
  readonly members: number;
  readonly items: number;
  readonly fullTexts?: boolean;
  readonly siren?: string;
  readonly sessionId?: string;
  readonly date?: string;
}

const WORDS = [
  'budget',
  'investissement',
  'collèges',
  'routes départementales',
  'solidarités',
  'autonomie',
  'insertion',
  'mobilités',
  'transition écologique',
  'habitat',
  'culture',
  'sport',
  'numérique',
  'agriculture',
  'eau',
  'tourisme',
  'jeunesse',
  'protection de l’enfance',
  'personnes âgées',
  'handicap',
  'territoires ruraux',
  'patrimoine',
  'santé',
  'sécurité',
];

/** A sentence of its own for item `i`, sentence `j`: words and figures that vary. */
const sentence = (i: number, j: number) =>
  `Au titre de l’axe ${((i * 7 + j) % 13) + 1}, le programme « ${WORDS[(i + j) % WORDS.length]} » mobilise ${
    (((i + 3) * (j + 11) * 1373) % 90_000) + 1_000
  } € en ${2025 + (j % 3)}, soit ${((i * 31 + j * 17) % 97) + 1} % de l’enveloppe consacrée aux ${WORDS[(i * 3 + j) % WORDS.length]}.`;
const paragraph = (i: number, bytes: number) => {
  let text = '';
  for (let j = 0; text.length < bytes; j++) text += `${sentence(i, j)} `;
  return text.trim();
};

export function largeSeance(options: LargeSeanceOptions): SessionEvent[] {
  const { members: count, items: itemCount, fullTexts = false, siren = '223500018', sessionId = 'bench', date = '2025-03-20' } = options;
  let n = 0;
  const event = (type: string, payload: unknown): SessionEvent => {
    const parsed = parseSessionEvent({ eventId: `${sessionId}-${n++}`, type, sessionId, occurredAt: `${date}T09:30:00+01:00`, payload });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.violations));
    return parsed.event;
  };
  const members = Array.from({ length: count }, (_, i) => ({ id: `m${i}`, civility: i % 2 ? 'Mme' : 'M.', name: `MEMBRE ${i}` }));
  const items = Array.from({ length: itemCount }, (_, i) => ({
    number: `AD_2025_${String(i).padStart(4, '0')}`,
    title: fullTexts ? paragraph(i, 120 + ((i * 37) % 379)).slice(0, 499) : `Délibération ${i}`,
    nature: 'DE',
    matiere: '7.1',
    ...(fullTexts && {
      visas: [
        'Vu le code général des collectivités territoriales ;',
        `Vu la délibération n° ${i} du conseil départemental ;`,
        `Vu l’avis de la commission n° ${(i % 5) + 1} ;`,
      ],
    }),
    expose: fullTexts ? paragraph(i, 6_000) : 'Exposé des motifs. '.repeat(200),
    decision: fullTexts ? `DÉCIDE : ${paragraph(i + 1, 1_500)}` : '- d’approuver les propositions ;'.repeat(5),
  }));
  const events: SessionEvent[] = [
    event('SessionOpened', {
      assembly: { siren, name: 'Département', body: 'Conseil départemental', kind: 'departement', departement: '035' },
      date,
      openedAt: '09:30',
      president: 'm0',
      members,
      items,
    }),
  ];
  const present = Math.floor(count * 0.8);
  const roll = members.map((m, i) =>
    i < present ? { memberId: m.id, status: 'present' } : { memberId: m.id, status: 'absent', proxyTo: `m${i - present}` },
  );
  events.push(event('AttendanceRecorded', { entries: roll }));
  for (const [index, item] of items.entries()) {
    if (index % 10 === 5) {
      const leaving = 20 + (index % 20);
      events.push(
        event('AttendanceRecorded', {
          item: item.number,
          entries: [{ memberId: `m${leaving}`, status: 'absent', proxyTo: `m${leaving + 40}` }],
        }),
      );
    }
    if (index % 10 === 8) {
      const back = 20 + ((index - 3) % 20);
      events.push(event('AttendanceRecorded', { item: item.number, entries: [{ memberId: `m${back}`, status: 'present' }] }));
    }
    const pour = Math.floor(count * 0.7);
    events.push(
      event('VoteCast', {
        item: item.number,
        method: 'show_of_hands',
        tally: { pour, contre: Math.floor(count * 0.2), abstention: count - pour - Math.floor(count * 0.2) },
      }),
    );
    events.push(event('ActSigned', { item: item.number, signedBy: 'm0', signedAt: date }));
  }
  events.push(event('SessionClosed', { at: '18:07' }));
  return events;
}
