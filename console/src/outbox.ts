/**
 * Steps waiting to be sent. Every step the secretary enters is first kept in the browser
 * (IndexedDB), then posted in the order it was entered; one the API cannot take yet (no network,
 * the API down, the séance busy) stays, shown "en attente d'envoi", and leaves when the connection
 * returns — with its eventIds, so a step sent twice is still recorded once. A step the API refuses
 * stays too, with the refusal, until the secretary dismisses it: nothing typed is lost silently.
 */
import { call, Refused, Unreachable, sessionPath, type ApiError } from './api.ts';
import { signedIn } from './session.ts';

export interface Pending {
  readonly id: number;
  readonly siren: string;
  readonly sessionId: string;
  /** What the step is, as the secretary reads it: "appel", "vote du point 3"… */
  readonly label: string;
  readonly events: readonly { eventId: string }[];
  readonly enteredAt: string;
  readonly refusal?: { readonly status: number; readonly body: ApiError };
  /**
   * Sent and accepted, but perhaps not in the log the page last read: kept in view a few seconds
   * more, so that the séance the page folds never loses a step between the two.
   */
  readonly sent?: boolean;
}

const DB = 'registre';
const STORE = 'outbox';
const RETRY_MS = 1_000;
/** Longer than the pages' polling period, so the log they read holds the step by then. */
const KEEP_SENT_MS = 5_000;

let listeners: ((pending: readonly Pending[]) => void)[] = [];
let pending: Pending[] = [];
let sent: { step: Pending; at: number }[] = [];
let sending = false;

function open(): Promise<IDBDatabase> {
  return new Promise((done, fail) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    request.onsuccess = () => done(request.result);
    request.onerror = () => fail(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise((done, fail) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => done(request.result);
    request.onerror = () => fail(request.error);
  });
}

async function refresh(): Promise<void> {
  pending = ((await transact('readonly', (store) => store.getAll())) as Pending[]).sort((a, b) => a.id - b.id);
  sent = sent.filter(({ at }) => Date.now() - at < KEEP_SENT_MS);
  for (const listener of listeners) listener(inView());
}

/** Keeps a step, then tries to send everything waiting. */
export async function enter(step: Omit<Pending, 'id' | 'enteredAt'>): Promise<void> {
  await transact('readwrite', (store) => store.add({ ...step, enteredAt: new Date().toISOString() }));
  await refresh();
  void send();
}

export async function dismiss(id: number): Promise<void> {
  await transact('readwrite', (store) => store.delete(id));
  await refresh();
}

/** Told of every change of what waits, at once with what waits now. */
/** What waits, then what left in the last few seconds (marked `sent`). */
const inView = (): Pending[] => [...pending, ...sent.map(({ step }) => ({ ...step, sent: true }))];

export function watch(listener: (pending: readonly Pending[]) => void): () => void {
  listeners.push(listener);
  listener(inView());
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}

/** Sends what waits, oldest first; stops at the first step that cannot leave yet (the later ones follow it). */
async function send(): Promise<void> {
  // Signed out (the session expired): the steps wait for the next sign-in.
  if (sending || !signedIn()) return;
  sending = true;
  try {
    for (const step of pending.filter((p) => !p.refusal)) {
      try {
        await call('POST', `${sessionPath(step.siren, step.sessionId)}/events`, { events: step.events });
        await transact('readwrite', (store) => store.delete(step.id));
        sent.push({ step, at: Date.now() });
      } catch (failure) {
        // Not the step's fault: the API out of reach, busy, or the session over (401). It waits.
        if (failure instanceof Unreachable || (failure instanceof Refused && (failure.status === 401 || failure.status >= 500))) break;
        if (!(failure instanceof Refused)) throw failure;
        await transact('readwrite', (store) => store.put({ ...step, refusal: { status: failure.status, body: failure.body } }));
      }
      await refresh();
    }
  } finally {
    sending = false;
    await refresh();
  }
}

/** Starts sending: at once, on every return of the network, and every second while something waits. */
export function startOutbox(): void {
  void refresh().then(send);
  addEventListener('online', () => void send());
  setInterval(() => {
    if (pending.some((p) => !p.refusal)) void send();
    else if (sent.length > 0) void refresh();
  }, RETRY_MS);
}

/** An event id of the console's: unique, and valid under the contract's pattern. */
export function newEventId(sessionId: string): string {
  return `${sessionId}.${Date.now().toString(36)}.${crypto.getRandomValues(new Uint32Array(2)).join('')}`.slice(-128);
}
