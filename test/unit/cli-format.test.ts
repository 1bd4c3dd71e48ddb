/** How the command line words the API's refusals for a person: French, one line a problem. */
import { describe, expect, test } from 'vitest';
import { formatFailures, formatRebuild, formatReplayed, progressBar, type FailureView } from '#cli/admin';
import { formatItem, formatRefusal, TRANSMISSION_STATUS_WORDS, type ItemView } from '#cli/format';
import { replay } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import { itemView } from '#functions/api/views';
import { itemOf, sampleEvents } from '../support/seance.ts';

test('every refusal kind the API answers with has its French words', () => {
  for (const error of [
    'invalid_json',
    'invalid_body',
    'invalid_events',
    'invalid_path',
    'invalid_query',
    'payload_too_large',
    'unauthorized',
    'forbidden',
    'not_found',
    'busy',
    'not_in_dead_letter_queue',
    'conflict',
    'rule_violation',
    'internal',
  ])
    expect(formatRefusal(400, { error, message: 'the API’s own English words' })).not.toContain('English');
});

test('path violations are listed one a line, under the French head', () => {
  expect(
    formatRefusal(400, { error: 'invalid_path', message: 'x', violations: [{ field: 'path.siren', message: 'must be 9 digits' }] }).split(
      '\n',
    ),
  ).toEqual(['refusé (400) : un paramètre du chemin est mal formé', '  path.siren : must be 9 digits']);
});

test('an answer that is not the API’s, or an empty one, is one line saying so', () => {
  expect(formatRefusal(502, '<html>\n<h1>Bad Gateway</h1></html>')).toBe('réponse inattendue (502) : <html> <h1>Bad Gateway</h1></html>');
  expect(formatRefusal(200, '')).toBe('réponse inattendue (200)');
});

test('transmissions --status takes the French words the CLI prints, and the API’s codes', () => {
  expect(['certifiée', 'transmise', 'acquittée', 'refusée'].map((word) => TRANSMISSION_STATUS_WORDS[word])).toEqual([
    'queued',
    'sent',
    'acknowledged',
    'refused',
  ]);
});

describe('the administrators’ commands, in French', () => {
  const failure: FailureView = {
    id: '0123456789abcdef01234567',
    queue: 'transmissions',
    kind: 'error',
    status: 'open',
    error: { name: 'PrefectureUnavailableError', message: 'http://prefecture/actes answered 503' },
    attempts: 10,
    lastFailedAt: '2026-11-30T23:10:02.123Z',
    replays: 1,
    concerns: { siren: '223500018', actesId: '035-223500018-20250320-AD_2025_0043-DE' },
  };
  const depths = { sessionEvents: { depth: 0 }, certification: { depth: 0 }, transmissions: { depth: 1 } };

  test('a failure: its id, status, queue, what it concerns, the reason and the attempts', () => {
    expect(formatFailures([failure], depths).split('\n')).toEqual([
      '1 échec(s) enregistré(s) — files de rejet : session-events 0, certification 0, transmissions 1',
      '',
      '0123456789abcdef01234567  ouvert  transmissions',
      '  collectivité 223500018, acte 035-223500018-20250320-AD_2025_0043-DE',
      '  PrefectureUnavailableError : http://prefecture/actes answered 503',
      '  10 tentative(s), dernier échec 2026-11-30 23:10:02, rejoué 1 fois',
    ]);
  });

  test('a poison message says it is unreadable and is not retried', () => {
    const poison = { ...failure, kind: 'poison' as const, queue: 'sessionEvents', concerns: {}, replays: 0 };
    expect(formatFailures([poison], depths)).toContain('session-events, illisible (non rejoué automatiquement)\n  message illisible');
  });

  test('the progress bar fills with what was moved against what still waits', () => {
    expect(progressBar(0, 0)).toBe(`[${'#'.repeat(30)}] 0 rejoué(s), 0 en file de rejet`);
    expect(progressBar(10, 30)).toBe(`[${'#'.repeat(8)}${'.'.repeat(22)}] 10 rejoué(s), 30 en file de rejet`);
  });

  test('a replay lists each message, saying those no record knew', () => {
    const replayed = [
      { id: 'abc', queue: 'sessionEvents', concerns: { siren: '223500018', sessionId: 's1', eventId: 'e1' }, recorded: false },
    ];
    expect(formatReplayed(replayed, depths).split('\n')).toEqual([
      'rejoué : abc  session-events  séance 223500018/s1, événement e1 (sans enregistrement)',
      '1 message(s) rejoué(s) — files de rejet : session-events 0, certification 0, transmissions 1',
    ]);
  });

  test('a rebuild says whether the projection differed, where, and whether it was replaced', () => {
    const report = { siren: '223500018', sessionId: 's1', facts: 8, differences: [], rewritten: false };
    expect(formatRebuild(report, false)).toBe(
      'séance 223500018/s1 reconstruite à partir de 8 fait(s) : identique à la projection enregistrée',
    );
    expect(formatRebuild({ ...report, differences: ['items[0].title'] }, true).split('\n')).toEqual([
      'séance 223500018/s1 reconstruite à partir de 8 fait(s) : 1 différence(s) ; rien n’a été écrit (--dry-run)',
      '  items[0].title',
    ]);
  });
});

describe('a délibération as the CLI prints it (registre item)', () => {
  const events = sampleEvents('cc-val-exemple-2026-03-26-epci.json');
  const { state } = replay(events);
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const printed = (number: string) =>
    formatItem(
      itemView(
        state!,
        itemOf(state, number),
        opening.payload.items.find((i) => i.number === number)!,
      ) as ItemView,
    ).split('\n');

  test('an election prints its rounds and who is elected (CGCT L2122-7 par L5211-2)', () => {
    expect(printed('CC_2026_002')).toEqual(
      expect.arrayContaining([
        '  quorum      : 11 requis sur 20 en exercice — 17 présents dont 2 suppléants, 2 représentés, 19 votants — atteint (CGCT L2121-17 par L5211-1)',
        '  1er tour    : 19 votants, 1 blancs, 0 nuls, 18 exprimés, majorité absolue 10 — Mme BENARD 9, M. CHEVALIER 9',
        '  2e tour     : 19 votants, 0 blancs, 1 nuls, 18 exprimés, majorité absolue 10 — Mme BENARD 10, M. CHEVALIER 8',
        '  résultat    : Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix',
      ]),
    );
  });

  test('a withdrawal and a required majority are printed (CGCT L2131-11, L5214-16 IV)', () => {
    expect(printed('CC_2026_004')).toContain("  retrait     : Mme DUMAS (motif : intérêt à l'affaire), ne prend pas part au vote");
    expect(printed('CC_2026_003')).toContain(
      '  résultat    : adoptée à la majorité des deux tiers des suffrages exprimés avec 14 voix pour, 4 voix contre et 1 abstention — majorité requise : 12 voix (CGCT L5214-16 IV)',
    );
  });
});
