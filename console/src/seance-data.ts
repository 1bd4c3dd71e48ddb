/**
 * What the séance pages read, every second while they are open (polling: the API has no push, and a
 * séance changes a few times a minute): the séance, its log with the events' bodies, and the steps
 * of this séance still waiting in the browser.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionEvent } from '#events/session-events';
import { sessionPath } from './api.ts';
import { seanceAsItWillStand } from './checks.ts';
import { watch, type Pending } from './outbox.ts';
import { useApi } from './use-api.ts';

export const POLL_MS = 1_000;

export interface MemberRef {
  readonly id: string;
  readonly name: string;
}

export interface SeanceView {
  readonly sessionId: string;
  readonly status: 'open' | 'closed';
  readonly assembly: { siren: string; name: string; body: string; kind: string; departement: string };
  readonly date: string;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly place: string | null;
  readonly president: MemberRef;
  readonly members: readonly { id: string; civility: string; name: string }[];
  readonly attendance: {
    readonly forItem: string | null;
    readonly present: readonly MemberRef[];
    readonly represented: readonly (MemberRef & { by: MemberRef })[];
    readonly absent: readonly MemberRef[];
  };
  readonly items: readonly {
    number: string;
    label: string | null;
    title: string;
    actesId: string;
    status: string;
    statusLabel: string;
    outcome: { adopted: boolean; wording: string } | null;
  }[];
}

export interface LogRow {
  readonly eventId: string;
  readonly type: SessionEvent['type'];
  readonly status: 'queued' | 'applied' | 'rejected';
  readonly seq: number | null;
  readonly reason?: { code: string; rule?: string; message: { fr: string } };
  readonly event?: SessionEvent;
}

export function useSeance(siren: string, sessionId: string) {
  const path = sessionPath(siren, sessionId);
  const seance = useApi<SeanceView>(path, POLL_MS);
  const log = useApi<{ events: LogRow[] }>(`${path}/events?include=events`, POLL_MS);
  const [waiting, setWaiting] = useState<readonly Pending[]>([]);
  useEffect(() => watch((all) => setWaiting(all.filter((p) => p.siren === siren && p.sessionId === sessionId))), [siren, sessionId]);
  // Applied, then queued: the order of the log, which is the order the pipeline applies them in.
  const applied = useMemo(
    () => (log.data?.events ?? []).filter((e) => e.status !== 'rejected' && e.event).map((e) => e.event!),
    [log.data],
  );
  const logged = useMemo(() => new Set((log.data?.events ?? []).map((e) => e.eventId)), [log.data]);
  /** Steps not in the log yet: the séance must be checked with them. */
  const unsent = waiting.flatMap((p) => (p.refusal ? [] : (p.events as SessionEvent[]))).filter((e) => !logged.has(e.eventId));
  const state = useMemo(() => seanceAsItWillStand(applied, unsent), [applied, unsent.map((e) => e.eventId).join()]);
  return { path, seance, log, waiting, state };
}
