import { describe, expect, test } from 'vitest';
import { MAX_ITEMS, MAX_MEMBERS, parseSessionEvent, type ContractViolation, type SessionOpened } from '#events/session-events';
import { sampleEvents, sampleFiles } from '../support/seance.ts';

const opening = sampleEvents('val-exemple-2025-06-12-commune.json').find((e): e is SessionOpened => e.type === 'SessionOpened')!;
const base = { eventId: 'e-1', sessionId: 's-1', occurredAt: '2025-03-20T09:30:00+01:00' };

/** The violations of an event that must be refused; fails when it parses. */
function violations(input: unknown): ContractViolation[] {
  const parsed = parseSessionEvent(input);
  if (parsed.ok) throw new Error('expected the event to be refused');
  return parsed.violations;
}

function withPayload(change: Record<string, unknown>) {
  return { ...opening, payload: { ...opening.payload, ...change } };
}

describe('events/samples', () => {
  test.each(sampleFiles())('every event of %s parses against the contract', (file) => {
    const events = sampleEvents(file);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
  });

  test('the seed sample lists the 54 members in office with civility and name, and 40 present with 14 proxies', () => {
    const [open, roll] = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
    if (open?.type !== 'SessionOpened' || roll?.type !== 'AttendanceRecorded') throw new Error('unexpected sample order');
    expect(open.payload.members).toHaveLength(54);
    expect(roll.payload.entries.filter((e) => e.status === 'present')).toHaveLength(40);
    expect(roll.payload.entries.filter((e) => e.proxyTo)).toHaveLength(14);
  });
});

describe('contract violations name the field and the rule', () => {
  test.each<[string, unknown, ContractViolation]>([
    [
      'an unknown type',
      { ...base, type: 'Foo', payload: {} },
      { field: 'type', message: 'must be one of SessionOpened, AttendanceRecorded, VoteCast, SessionClosed, ActSigned' },
    ],
    [
      'a sessionId with a space',
      { ...opening, sessionId: 'séance 1' },
      { field: 'sessionId', message: 'must be 1–64 characters among A–Z, a–z, 0–9, "_", "-"' },
    ],
    [
      'occurredAt without offset',
      { ...opening, occurredAt: '2025-03-20T09:30:00' },
      { field: 'occurredAt', message: 'must be an ISO-8601 date-time with its offset, e.g. "2025-03-20T09:30:00+01:00"' },
    ],
    [
      'a mistyped SIREN',
      withPayload({ assembly: { ...opening.payload.assembly, siren: '213500995' } }),
      { field: 'payload.assembly.siren', message: 'must be a SIREN whose check digit is valid (Luhn)' },
    ],
    [
      'a 2-character département',
      withPayload({ assembly: { ...opening.payload.assembly, departement: '35' } }),
      { field: 'payload.assembly.departement', message: 'must be the 3-character @CTES département code, e.g. "035", "02A", "974"' },
    ],
    [
      'an unknown kind',
      withPayload({ assembly: { ...opening.payload.assembly, kind: 'canton' } }),
      {
        field: 'payload.assembly.kind',
        message: 'Invalid option: expected one of "commune"|"epci"|"departement"|"region"|"commission_permanente"',
      },
    ],
    [
      'an opening hour without minutes',
      withPayload({ openedAt: '9h' }),
      { field: 'payload.openedAt', message: 'must be an hour as HH:MM, e.g. "09:30"' },
    ],
    [
      'a printed item number',
      withPayload({ items: [{ number: 'AD 2025 0043', title: 'T', nature: 'DE' }] }),
      {
        field: 'payload.items[0].number',
        message: 'must be an @CTES NumeroInterne: 1–15 of A–Z, 0–9 and "_", not starting or ending with "_"',
      },
    ],
    [
      'a member listed twice',
      withPayload({
        members: [
          { id: 'a', civility: 'M.', name: 'A' },
          { id: 'a', civility: 'Mme', name: 'B' },
        ],
      }),
      { field: 'payload.members[1].id', message: '"a" appears more than once' },
    ],
    [
      'an unknown regime',
      withPayload({ ruleSet: 'covid' }),
      {
        field: 'payload.ruleSet',
        message: 'Invalid option: expected one of "ordinary"|"covid-2020-290"|"covid-2020-760"|"covid-2020-1379"|"covid-2021-1465"',
      },
    ],
    [
      'a mistyped field',
      { ...base, type: 'AttendanceRecorded', payload: { entries: [{ memberId: 'a', status: 'absent', proxy_to: 'b' }] } },
      { field: 'payload.entries[0]', message: 'Unrecognized key: "proxy_to"' },
    ],
    [
      'a proxy from a present member',
      { ...base, type: 'AttendanceRecorded', payload: { entries: [{ memberId: 'a', status: 'present', proxyTo: 'b' }] } },
      { field: 'payload.entries[0].proxyTo', message: 'only an absent member gives a proxy' },
    ],
    [
      'a tally and ballots together',
      {
        ...base,
        type: 'VoteCast',
        payload: {
          item: 'D1',
          method: 'roll_call',
          tally: { pour: 1, contre: 0, abstention: 0 },
          ballots: [{ memberId: 'a', choice: 'pour' }],
        },
      },
      { field: 'payload.tally', message: 'give one of a tally, ballots or an election (its rounds), not several and not none' },
    ],
    [
      'a negative count',
      { ...base, type: 'VoteCast', payload: { item: 'D1', method: 'secret', tally: { pour: -1, contre: 0, abstention: 0 } } },
      { field: 'payload.tally.pour', message: 'must not be negative' },
    ],
    [
      'an unknown ballot choice',
      { ...base, type: 'VoteCast', payload: { item: 'D1', method: 'roll_call', ballots: [{ memberId: 'a', choice: 'oui' }] } },
      { field: 'payload.ballots[0].choice', message: 'Invalid option: expected one of "pour"|"contre"|"abstention"|"nppv"' },
    ],
    [
      'a closing hour out of range',
      { ...base, type: 'SessionClosed', payload: { at: '25:00' } },
      { field: 'payload.at', message: 'must be an hour as HH:MM, e.g. "09:30"' },
    ],
    [
      'a signature date in French',
      { ...base, type: 'ActSigned', payload: { item: 'D1', signedBy: 'a', signedAt: '21/03/2025' } },
      { field: 'payload.signedAt', message: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset' },
    ],
  ])('%s', (_, input, expected) => {
    expect(violations(input)).toContainEqual(expected);
  });

  test(`a séance lists at most ${MAX_MEMBERS} members and ${MAX_ITEMS} délibérations, and keeps names and headings short`, () => {
    const [opening] = sampleEvents('cd35-2025-03-20-ad-2025-0043.json') as [SessionOpened];
    const { members, items } = opening.payload;
    const withPayload = (change: Partial<SessionOpened['payload']>) =>
      parseSessionEvent({ ...opening, payload: { ...opening.payload, ...change } });
    const many = Array.from({ length: MAX_MEMBERS + 1 }, (_, i) => ({ ...members[0]!, id: `m${i}` }));
    expect(withPayload({ members: many.slice(0, MAX_MEMBERS) }).ok).toBe(true);
    expect(withPayload({ members: many })).toMatchObject({ ok: false, violations: [{ field: 'payload.members' }] });
    const agenda = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ({ ...items[0]!, number: `D${i}` }));
    expect(withPayload({ items: agenda })).toMatchObject({ ok: false, violations: [{ field: 'payload.items' }] });
    expect(withPayload({ assembly: { ...opening.payload.assembly, name: 'x'.repeat(201) } })).toMatchObject({
      ok: false,
      violations: [{ field: 'payload.assembly.name', message: 'must be at most 200 characters' }],
    });
  });

  test('a missing field is named', () => {
    expect(violations({ ...base, type: 'ActSigned', payload: { item: 'D1', signedAt: '2025-03-21' } })).toEqual([
      { field: 'payload.signedBy', message: 'Invalid input: expected string, received undefined' },
    ]);
  });

  test('version 3: the SIRET is 14 digits, Luhn-checked, and begins with the SIREN; a budget names its year', () => {
    const [opening] = sampleEvents('cd35-2025-03-20-ad-2025-0043.json') as [SessionOpened];
    const { assembly, items } = opening.payload;
    const withAssembly = (change: object) =>
      violations({ ...opening, payload: { ...opening.payload, assembly: { ...assembly, ...change } } });
    expect(
      parseSessionEvent({
        ...opening,
        payload: { ...opening.payload, assembly: { ...assembly, siret: '22350001800013', publication: 'automatic' } },
      }).ok,
    ).toBe(true);
    expect(withAssembly({ siret: '22350001800014' })).toEqual([
      { field: 'payload.assembly.siret', message: 'must be a SIRET whose check digit is valid (Luhn)' },
    ]);
    expect(withAssembly({ siret: '35600000000001' })).toEqual([
      { field: 'payload.assembly.siret', message: 'must begin with the SIREN 223500018' },
    ]);
    expect(withAssembly({ publication: 'daily' })[0]?.field).toBe('payload.assembly.publication');
    const withBudget = (budget: object) =>
      parseSessionEvent({ ...opening, payload: { ...opening.payload, items: [{ ...items[0]!, budget }] } });
    expect(withBudget({ year: '2024/2025', name: 'Budget principal' }).ok).toBe(true);
    expect(withBudget({ year: '25', name: 'Budget principal' })).toMatchObject({
      ok: false,
      violations: [{ field: 'payload.items[0].budget.year' }],
    });
  });

  test('contract versions 1 to 4 are accepted explicitly, other versions are refused', () => {
    for (const version of [1, 2, 3, 4]) expect(parseSessionEvent({ ...opening, version }).ok).toBe(true);
    expect(violations({ ...opening, version: 5 })).toEqual([
      { field: 'version', message: 'must be one of the contract versions 1, 2, 3, 4' },
    ]);
  });

  test('an item’s annexes (version 4): the SHA-256 of an uploaded file, an @CTES piece type, a title; each file once', () => {
    const withAnnexes = (annexes: unknown) => ({
      ...opening,
      payload: { ...opening.payload, items: [{ ...opening.payload.items[0], annexes }] },
    });
    const file = 'c'.repeat(64);
    expect(parseSessionEvent(withAnnexes([{ file, type: '22_AN', title: 'Plan' }])).ok).toBe(true);
    expect(violations(withAnnexes([{ file: 'C'.repeat(64), type: '22_AN', title: 'Plan' }]))).toMatchObject([
      { field: 'payload.items[0].annexes[0].file', message: expect.stringMatching(/SHA-256/) },
    ]);
    expect(violations(withAnnexes([{ file, type: 'AN', title: 'Plan' }]))).toMatchObject([
      { field: 'payload.items[0].annexes[0].type', message: expect.stringMatching(/TypePJ/) },
    ]);
    expect(
      violations(
        withAnnexes([
          { file, type: '22_AN', title: 'Plan' },
          { file, type: '75_PL', title: 'Plan encore' },
        ]),
      ),
    ).toMatchObject([{ field: 'payload.items[0].annexes[1].file', message: expect.stringMatching(/more than once/) }]);
  });
});
