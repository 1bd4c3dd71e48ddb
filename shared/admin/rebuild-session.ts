/**
 * Rebuilds a séance from the facts its log recorded — without asking the rules again — and says
 * where the stored projection differs from it. With `rewrite`, a projection that differs is replaced
 * by the rebuilt one (if it did not move meanwhile); a second rebuild then finds nothing to do.
 */
import { rebuild, type SessionState } from '#domain/session';
import type { SessionKey, SessionStore } from '#ports/session-store';

export interface RebuildReport {
  readonly facts: number;
  readonly rebuilt: SessionState | undefined;
  /** Paths where the stored projection and the rebuilt séance differ, e.g. `items[2].vote.outcome.wording`. */
  readonly differences: string[];
  /** Whether the stored projection was replaced by the rebuilt one. */
  readonly rewritten: boolean;
}

export async function rebuildSession(
  key: SessionKey,
  sessions: Pick<SessionStore, 'facts' | 'load' | 'rewrite'>,
  options: { readonly rewrite?: boolean } = {},
): Promise<RebuildReport> {
  const stored = await sessions.load(key);
  // The facts of the events the projection holds: one recorded after it (its write failed) waits for its replay.
  const facts = await sessions.facts(key, stored.logLength);
  const rebuilt = rebuild(facts);
  const found = differences(stored.state, rebuilt);
  const rewritten = options.rewrite === true && found.length > 0;
  if (rewritten) await sessions.rewrite(key, { ...stored, state: rebuilt });
  return { facts: facts.length, rebuilt, differences: found, rewritten };
}

/** Where two JSON values differ, as paths; at most 50, the first in document order. */
export function differences(a: unknown, b: unknown, path = '', found: string[] = []): string[] {
  if (found.length >= 50) return found;
  if (Object.is(a, b)) return found;
  const container = (value: unknown) => typeof value === 'object' && value !== null;
  if (!container(a) || !container(b) || Array.isArray(a) !== Array.isArray(b)) {
    found.push(path || '(séance)');
    return found;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const step = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], step, found);
  }
  return found;
}
