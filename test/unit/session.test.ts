import { describe, expect, test } from 'vitest';
import { applyEvent, replay } from '#domain/session';
import { currentAttendance } from '#domain/session-state';
import { parseSessionEvent, type SessionOpened } from '#events/session-events';
import { attendance, closed, itemOf, memberIds, opened, roll, run, sampleEvents, signed, vote } from '../support/seance.ts';

const ids = memberIds(11);
const quorate = () => [opened(), attendance(roll(ids.slice(0, 7), ids.slice(7)))];
const adopted = () => [...quorate(), vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } })];

describe('séance lifecycle', () => {
  test('nothing happens before the séance is opened', () => {
    const result = run(attendance(roll(['m1'])));
    expect(result.state).toBeUndefined();
    expect(result.last?.error?.code).toBe('SESSION_NOT_OPENED');
  });

  test('a séance opens once', () => {
    const result = run(opened(), opened());
    expect(result.last?.error?.code).toBe('SESSION_ALREADY_OPENED');
    expect(result.state?.version).toBe(1);
  });

  test('the president, the secretary and the rapporteurs must be members in office', () => {
    const event = opened();
    const withStranger = { ...event, payload: { ...event.payload, president: 'nobody' } } as typeof event;
    expect(applyEvent(undefined, withStranger)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MEMBER', field: 'payload.president' } });
  });

  test('an act identity the @CTES pattern would refuse is blamed on the field it comes from', () => {
    const event = opened() as SessionOpened;
    const assembly = { ...event.payload.assembly, departement: '35' };
    expect(applyEvent(undefined, { ...event, payload: { ...event.payload, assembly } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ACT_IDENTITY', field: 'payload.assembly.departement', item: 'D1' },
    });
  });

  test("a matière must be in the national levels of the @CTES classification (1.1 to 9.4); the levels below are the préfecture's", () => {
    const event = opened() as SessionOpened;
    const withMatiere = (matiere: string) =>
      applyEvent(undefined, { ...event, payload: { ...event.payload, items: [{ ...event.payload.items[0]!, matiere }] } });
    expect(withMatiere('7.1.2').ok).toBe(true);
    expect(withMatiere('9.4').ok).toBe(true);
    for (const unknown of ['9.9', '7.12', '1.9.1'])
      expect(withMatiere(unknown)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_MATIERE', rule: '@CTES classification', field: 'payload.items[0].matiere', item: 'D1' },
      });
  });

  test('the rule set is resolved at the opening from the kind and the date, and kept with the séance', () => {
    expect(run(opened({ kind: 'departement' })).state?.ruleSet.id).toBe('departement/ordinary');
    expect(run(opened({ date: '2021-01-14' })).state?.ruleSet.id).toBe('commune/covid-2020-1379');
    expect(run(opened({ date: '2021-01-14', ruleSet: 'ordinary' })).state?.ruleSet.id).toBe('commune/ordinary');
  });

  test('an emergency regime may be named only for a séance inside the emergency window (2020–2022)', () => {
    expect(run(opened({ date: '2020-09-15', ruleSet: 'covid-2020-760' })).state?.ruleSet.id).toBe('commune/covid-2020-760');
    expect(run(opened({ date: '2025-03-20', ruleSet: 'covid-2021-1465' })).last?.error).toMatchObject({
      code: 'RULE_SET_OUT_OF_PERIOD',
      field: 'payload.ruleSet',
    });
  });

  test('no attendance nor vote once the séance is closed, but acts are still signed', () => {
    const afterClose = run(...adopted(), closed('18:07'), vote('D2', { tally: { pour: 7, contre: 0, abstention: 0 } }));
    expect(afterClose.last?.error?.code).toBe('SESSION_CLOSED');
    expect(afterClose.last?.error?.message.en).toBe('session test-seance was closed at 18:07');
    expect(run(...adopted(), closed(), attendance(roll(['m8']))).last?.error?.code).toBe('SESSION_CLOSED');
    expect(run(...adopted(), closed(), closed()).last?.error?.code).toBe('SESSION_CLOSED');
    expect(run(...adopted(), closed(), signed('D1')).last?.status).toBe('applied');
  });

  test('an act is signed once, after its vote, by a member', () => {
    expect(run(...quorate(), signed('D1')).last?.error?.code).toBe('ITEM_NOT_VOTED');
    expect(run(...adopted(), signed('D1', 'x')).last?.error).toMatchObject({ code: 'UNKNOWN_MEMBER', field: 'payload.signedBy' });
    const twice = run(...adopted(), signed('D1'), signed('D1'));
    expect(twice.last?.error?.message.en).toBe('item D1 is signed already by M. MEMBRE1');
    expect(itemOf(twice.state, 'D1').status).toBe('signed');
  });

  test('an act signed before the séance that voted it is refused; the day of the séance or later is fine (CGCT L2121-23)', () => {
    const early = run(...adopted(), signed('D1', 'm1', '1999-01-01'));
    expect(early.last?.error).toMatchObject({ code: 'SIGNED_BEFORE_VOTE', field: 'payload.signedAt', item: 'D1', rule: 'CGCT L2121-23' });
    expect(early.last?.error?.message.fr).toBe(
      'la délibération D1 ne peut être signée le 1999-01-01, avant la séance du 2025-03-20 où elle a été votée (CGCT L2121-23)',
    );
    expect(itemOf(early.state, 'D1').status).toBe('voted');
    expect(run(...adopted(), signed('D1', 'm1', '2025-03-19T23:59:00+01:00')).last?.error?.code).toBe('SIGNED_BEFORE_VOTE');
    expect(run(...adopted(), signed('D1', 'm1', '2025-03-20')).last?.status).toBe('applied');
    expect(run(...adopted(), signed('D1', 'm1', '2025-03-20T18:30:00+01:00')).last?.status).toBe('applied');
  });

  test('a vote on an item not on the agenda is refused, naming the field', () => {
    expect(run(...quorate(), vote('D9', { tally: { pour: 7, contre: 0, abstention: 0 } })).last?.error).toMatchObject({
      code: 'UNKNOWN_ITEM',
      field: 'payload.item',
    });
  });

  test('an event of another séance is refused', () => {
    const other = parseSessionEvent({
      eventId: 'x1',
      type: 'SessionClosed',
      sessionId: 'other',
      occurredAt: '2025-03-20T18:00:00Z',
      payload: { at: '18:00' },
    });
    if (!other.ok) throw new Error('fixture');
    expect(run(opened(), other.event).last?.error).toMatchObject({ code: 'SESSION_MISMATCH', field: 'sessionId' });
  });
});

describe('replay', () => {
  test('a rejected event leaves the state exactly as it was, and the version counts applied events only', () => {
    const seance = adopted();
    const before = run(...seance);
    const after = run(...seance, attendance(roll(['m8'], [], { m9: 'm10' })));
    expect(after.last?.status).toBe('rejected');
    expect(after.state).toEqual(before.state);
    expect(after.state?.version).toBe(3);
  });

  test('an event delivered twice changes nothing the second time', () => {
    const events = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
    const once = replay(events);
    const twice = replay(events.flatMap((e) => [e, e]));
    expect(twice.state).toEqual(once.state);
    expect(twice.steps.filter((s) => s.status === 'duplicate')).toHaveLength(events.length);
  });

  test('the state is plain JSON: stored and read back, it replays on identically', () => {
    const events = sampleEvents('val-exemple-2025-06-12-commune.json');
    const half = replay(events.slice(0, 4)).state;
    const stored = JSON.parse(JSON.stringify(half));
    const resumed = events.slice(4).reduce((state, event) => {
      const next = applyEvent(state, event);
      if (!next.ok) throw new Error(next.error.message.en);
      return next.value;
    }, stored);
    expect(resumed).toEqual(replay(events).state);
  });

  test('the state passed in is never changed', () => {
    const state = run(...quorate()).state;
    const snapshot = structuredClone(state);
    applyEvent(state, vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }));
    applyEvent(state, attendance(roll(['m8'])));
    expect(state).toEqual(snapshot);
  });

  test('current attendance is the roll for the next item to be voted', () => {
    const { state } = run(...adopted(), attendance(roll(['m8']), 'D2'), attendance(roll(['m9']), 'D3'));
    expect(currentAttendance(state!).present).toEqual([...ids.slice(0, 7), 'm8']);
  });
});
