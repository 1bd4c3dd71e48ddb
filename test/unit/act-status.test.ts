import { describe, expect, test } from 'vitest';
import { actStatus, ACT_STATUS_LABELS, ACT_STATUSES } from '#acts/act-status';
import type { ExtractRecord, TransmissionRecord } from '#ports/act-store';

const ids = { actesId: '035-223500018-20250320-AD_2025_0043-DE', sessionId: 's', item: 'AD_2025_0043', siren: '223500018' };
const extract: ExtractRecord = { ...ids, documents: { pdf: 'p', html: 'h', txt: 't' }, sha256: 'x', renderedAt: '2025-03-21T10:00:00Z' };
const transmission = (status: TransmissionRecord['status']): TransmissionRecord => ({
  ...ids,
  status,
  connector: 'actes',
  queuedAt: '2025-03-21T10:00:00Z',
});

describe('where a délibération stands', () => {
  test('before the act store knows it, the séance says it: à voter, votée, signée', () => {
    expect(actStatus({ status: 'pending' })).toBe('pending');
    expect(actStatus({ status: 'voted' })).toBe('voted');
    expect(actStatus({ status: 'signed' })).toBe('signed');
  });

  test('the extract makes it certifiée, the transmission then says transmise, acquittée or refusée', () => {
    expect(actStatus({ status: 'signed' }, extract)).toBe('certified');
    expect(actStatus({ status: 'signed' }, extract, transmission('queued'))).toBe('certified');
    expect(actStatus({ status: 'signed' }, extract, transmission('sent'))).toBe('transmitted');
    expect(actStatus({ status: 'signed' }, extract, transmission('acknowledged'))).toBe('acknowledged');
    expect(actStatus({ status: 'signed' }, undefined, transmission('refused'))).toBe('refused');
  });

  test("once published on the collectivité's site (CGCT L2131-1), it is publiée", () => {
    const publication = { actesId: ids.actesId, siren: ids.siren, publishedAt: '2025-03-25T09:00:00Z', executoireOn: '2025-03-25' };
    expect(actStatus({ status: 'signed' }, extract, transmission('acknowledged'), publication)).toBe('published');
  });

  test('each status has its French label, feminine as "la délibération" is', () => {
    expect(ACT_STATUSES.map((s) => ACT_STATUS_LABELS[s])).toEqual([
      'à voter',
      'votée',
      'signée',
      'certifiée',
      'transmise',
      'acquittée',
      'publiée',
      'refusée',
      // The délibération stands; only its transmission is cancelled.
      'transmission annulée',
    ]);
  });
});
