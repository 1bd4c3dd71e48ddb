/** How the command line words the API's refusals for a person: French, one line a problem. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { formatFailures, formatRebuild, formatReplayed, progressBar, type FailureView } from '#cli/admin';
import { CliError } from '#cli/api-client';
import { formatItem, formatRefusal, formatTransmissions, TRANSMISSION_STATUS_WORDS, type ItemView } from '#cli/format';
import { formatPublicationAnswer, formatPublished, itemRef, openData, publish } from '#cli/publication';
import { replay } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import { itemView } from '#functions/api/views';
import type { ExtractRecord, TransmissionRecord } from '#ports/act-store';
import type { LetterRecord } from '#ports/letters';
import type { PublicationClaim } from '#ports/publications';
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
    'not_acknowledged',
    'not_configured',
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

describe('the dialogue with the préfecture in registre item', () => {
  const events = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
  const { state } = replay(events);
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const item = { ...itemOf(state, 'AD_2025_0043'), annexes: [{ file: 'a'.repeat(64), type: '22_AN', title: 'Rapport PNED3' }] };
  const letter = (kind: LetterRecord['kind'], id: string, answer?: LetterRecord['answer']): LetterRecord => ({
    actesId: item.actesId,
    siren: '223500018',
    sessionId: state!.sessionId,
    item: item.number,
    connector: 'actes',
    id,
    kind,
    date: '2025-04-02',
    detail: 'Le plan de financement',
    receivedAt: '2025-04-02T09:00:00.000Z',
    documents: [],
    ...(answer && { answer }),
  });
  const printed = formatItem(
    itemView(state!, item, opening.payload.items[0]!, {
      letters: [
        letter('pieces', '7', {
          kind: 'reponse',
          requestedAt: '2025-04-03T09:00:00Z',
          files: [],
          sentAt: '2025-04-03T09:01:00Z',
          acknowledgedOn: '2025-04-03',
        }),
        letter('observations', '8'),
        letter('defere', '9'),
      ],
    }) as ItemView,
  ).split('\n');

  test('the annexes, then each letter with its answer, or the command answering it, or "pour information"', () => {
    expect(printed.slice(-4)).toEqual([
      '  annexe 1    : Rapport PNED3 (pièce 22_AN)',
      '  courrier    : Demande de pièces complémentaires du 2 avril 2025 (7) — « Le plan de financement » — réponse reçue par la préfecture le 3 avril 2025',
      "  courrier    : Lettre d'observations du 2 avril 2025 (8) — « Le plan de financement » — à traiter : registre answer --letter 8 --file lettre.pdf [--refus]",
      '  courrier    : Déféré au tribunal administratif du 2 avril 2025 (9) — « Le plan de financement » — pour information',
    ]);
  });
});

describe('registre transmissions', () => {
  test('a transmission in S²LOW’s hands says its state, and what a person must do; a cancelled one when and why', () => {
    const base = {
      actesId: '035-223500018-20250320-AD_2025_0043-DE',
      sessionId: 's',
      item: 'AD_2025_0043',
      queuedAt: '2025-03-21T10:00:00Z',
      receivedOn: null,
      archive: null,
    };
    expect(
      formatTransmissions([
        {
          ...base,
          status: 'sent',
          statusLabel: 'transmise',
          sentAt: '2025-03-21T10:00:01Z',
          reported: {
            code: '17',
            label: "En attente d'être postée",
            meaning: 'la transaction attend',
            attention: 'la confirmer dans S²LOW',
            since: '2025-03-21T10:01:00Z',
          },
        },
        {
          ...base,
          status: 'cancelled',
          statusLabel: 'transmission annulée',
          sentAt: null,
          cancelledAt: '2025-04-05T09:00:00Z',
          cancellation: { detail: 'annulée à la demande de la collectivité' },
        },
      ]).split('\n'),
    ).toEqual([
      `${base.actesId.padEnd(44)} transmise le 2025-03-21, accusé de réception attendu — S²LOW : En attente d'être postée (la transaction attend) — à faire : la confirmer dans S²LOW`,
      `${base.actesId.padEnd(44)} transmission annulée le 2025-04-05 — annulée à la demande de la collectivité`,
    ]);
  });
});

describe('a published act (CGCT L2131-1), in registre item and registre publish', () => {
  const events = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
  const { state } = replay(events);
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const NUMBER = 'AD_2025_0043';
  const ids = { actesId: itemOf(state, NUMBER).actesId, sessionId: state!.sessionId, item: NUMBER, siren: '223500018' };
  const extract: ExtractRecord = {
    ...ids,
    documents: { pdf: 'p', html: 'h', txt: 't' },
    sha256: 'c'.repeat(64),
    renderedAt: '2025-03-21T10:00:00Z',
  };
  const transmission: TransmissionRecord = {
    ...ids,
    status: 'acknowledged',
    connector: 'actes',
    queuedAt: '2025-03-21T10:00:00Z',
    sentAt: '2025-03-21T10:00:01Z',
    receivedOn: '2025-03-24',
  };
  const publication: PublicationClaim = {
    actesId: ids.actesId,
    siren: ids.siren,
    publishedAt: '2025-03-25T09:00:00Z',
    executoireOn: '2025-03-25',
    receivedOn: '2025-03-24',
  };
  const view = (records: Parameters<typeof itemView>[3]) =>
    itemView(
      state!,
      itemOf(state, NUMBER),
      opening.payload.items.find((i) => i.number === NUMBER)!,
      records,
    ) as ItemView;
  const site = 'https://actes.example.fr';
  const page = `${site}/223500018/actes/${ids.actesId}`;

  test('acknowledged, not published: the status line says when the préfecture received it, nothing more', () => {
    const printed = formatItem(view({ extract, transmission })).split('\n');
    expect(printed).toContain('  dates       : Transmis en préfecture le 24 mars 2025');
    expect(printed.some((line) => line.startsWith('  publication'))).toBe(false);
  });

  test('published: publiée, its dates, from when it is exécutoire and its public page', () => {
    const printed = formatItem(view({ extract, transmission, publication, publicSiteUrl: site })).split('\n');
    expect(printed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ · statut : publiée$/),
        '  dates       : Transmis en préfecture le 24 mars 2025 — publié le 25 mars 2025 — exécutoire le 25 mars 2025',
        `  publication : exécutoire le 25 mars 2025 — ${page}`,
      ]),
    );
  });

  test('a public site without an address is said, not left blank', () => {
    expect(formatItem(view({ extract, transmission, publication }))).toContain(
      "  publication : exécutoire le 25 mars 2025 — sans page publique : l'adresse du site public n'est pas configurée",
    );
  });

  test('publish says what it asked, or when it was already published; then the dates and the page', () => {
    expect(formatPublicationAnswer({ actesId: ids.actesId, status: 'requested' })).toBe(`publication demandée : ${ids.actesId}`);
    // 23:30 UTC on 24 March is already the 25th in France.
    expect(formatPublicationAnswer({ actesId: ids.actesId, status: 'published', publishedAt: '2025-03-24T23:30:00Z' })).toBe(
      `déjà publiée le 25 mars 2025 : ${ids.actesId}`,
    );
    expect(formatPublished(view({ extract, transmission, publication, publicSiteUrl: site }))).toEqual([
      'Transmis en préfecture le 24 mars 2025 — publié le 25 mars 2025 — exécutoire le 25 mars 2025',
      `page publique : ${page}`,
    ]);
  });

  test('publish takes its délibération by flags, or as item does, one after the other', () => {
    expect(itemRef({ siren: '223500018', session: 's1', item: '12' }, [])).toEqual({ siren: '223500018', sessionId: 's1', number: '12' });
    expect(itemRef({ siren: undefined, session: undefined, item: undefined }, ['223500018', 's1', '12'])).toEqual({
      siren: '223500018',
      sessionId: 's1',
      number: '12',
    });
    expect(() => itemRef({ siren: '223500018', session: undefined, item: '12' }, [])).toThrow(
      'publish demande la délibération : --siren SIREN --session SÉANCE --item NUMÉRO',
    );
  });

  describe('against an API answering as the real one does', () => {
    const target = { url: 'http://api.invalid', token: 't' };
    const ref = { siren: '223500018', sessionId: ids.sessionId, number: NUMBER };
    afterEach(() => vi.unstubAllGlobals());
    /** Answers each request in turn, and records what was asked. */
    function answering(...answers: [number, unknown][]) {
      const asked: string[] = [];
      vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
        asked.push(`${init?.method ?? 'GET'} ${url.slice(target.url.length)}`);
        const [status, body] = answers.shift() ?? [500, { error: 'internal', message: 'no more answers' }];
        return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      });
      return asked;
    }

    test('publish asks, then follows the délibération until it is published', async () => {
      const path = `/assemblies/223500018/sessions/${ids.sessionId}/items/${NUMBER}`;
      const asked = answering(
        [202, { actesId: ids.actesId, status: 'requested' }],
        [200, view({ extract, transmission })],
        [200, view({ extract, transmission, publication, publicSiteUrl: site })],
      );
      const lines: string[] = [];
      const result = await publish(target, ref, { wait: true, report: (line) => lines.push(line) });
      expect(asked).toEqual([`POST ${path}/publication`, `GET ${path}`, `GET ${path}`]);
      expect(lines).toEqual([
        `publication demandée : ${ids.actesId}`,
        'Transmis en préfecture le 24 mars 2025 — publié le 25 mars 2025 — exécutoire le 25 mars 2025',
        `page publique : ${page}`,
      ]);
      expect(result).toMatchObject({ actesId: ids.actesId, status: 'published', publication: { executoireOn: '2025-03-25', url: page } });
    });

    test('publish --no-wait gives the answer and stops there', async () => {
      const asked = answering([202, { actesId: ids.actesId, status: 'requested' }]);
      expect(await publish(target, ref, { wait: false, report: () => {} })).toEqual({ actesId: ids.actesId, status: 'requested' });
      expect(asked).toHaveLength(1);
    });

    test('an act the préfecture has not acknowledged is one French line, with where it stands', async () => {
      answering(
        [409, { error: 'not_acknowledged', message: 'délibération AD_2025_0043 is not acknowledged by the préfecture yet (sent)' }],
        [200, view({ extract, transmission: { ...transmission, status: 'sent', receivedOn: undefined } })],
      );
      const refused = await publish(target, ref, { wait: true, report: () => {} }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CliError);
      expect((refused as CliError).message).toBe(
        "refusé (409) : la préfecture n'a pas encore accusé réception de l'acte : Registre le publie une fois acquitté (statut : transmise)",
      );
      expect((refused as CliError).answer).toMatchObject({ error: 'not_acknowledged' });
    });

    test('publish gives up after its time, saying how to follow the act', async () => {
      answering([202, { actesId: ids.actesId, status: 'requested' }], [200, view({ extract, transmission })]);
      await expect(publish(target, ref, { wait: true, report: () => {}, timeoutMs: 0 })).rejects.toThrow(
        `la publication n'est pas faite au bout de 0 s ; suivez-la avec "registre item 223500018 ${ids.sessionId} ${NUMBER}"`,
      );
    });

    test('open-data checks the SIREN and the year before asking, and asks without a token', async () => {
      const asked = answering();
      await expect(openData(target, { siren: undefined, year: undefined })).rejects.toThrow(
        'open-data demande la collectivité : --siren SIREN',
      );
      await expect(openData(target, { siren: '223500019', year: undefined })).rejects.toThrow(
        '--siren attend un SIREN (9 chiffres, clé de contrôle valide), pas "223500019"',
      );
      await expect(openData(target, { siren: '223500018', year: '25' })).rejects.toThrow(
        '--year attend une année sur quatre chiffres (2025), pas "25"',
      );
      expect(asked).toEqual([]);
      vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
        asked.push(`${url.slice(target.url.length)} ${JSON.stringify(init?.headers)}`);
        return new Response('DELIB_ID,DELIB_DATE\n', { status: 200, headers: { 'content-type': 'text/csv' } });
      });
      expect((await openData({ url: target.url }, { siren: '223500018', year: '2025' })).toString()).toBe('DELIB_ID,DELIB_DATE\n');
      expect(asked).toEqual(['/open-data/deliberations.csv?siren=223500018&year=2025 {}']);
    });

    test('open-data on an API whose public site has no address is one French line', async () => {
      answering([503, { error: 'not_configured', message: 'the public site URL is not set' }]);
      await expect(openData(target, { siren: '223500018', year: undefined })).rejects.toThrow(
        "refusé (503) : l'adresse du site public n'est pas configurée sur cette API",
      );
    });
  });
});
