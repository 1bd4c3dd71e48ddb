/**
 * Rebuilds a séance from the facts its log recorded — without asking the rules again — and says
 * where the stored projection differs from it. Reading only: what to do with a difference is the
 * administrator's call.
 */
import { rebuild, type SessionState } from '#domain/session';
import type { SessionKey, SessionStore } from '#ports/session-store';

export interface RebuildReport {
  readonly facts: number;
  readonly rebuilt: SessionState | undefined;
  /** Paths where the stored projection and the rebuilt séance differ, e.g. `items[2].vote.outcome.wording`. */
  readonly differences: string[];
}

export async function rebuildSession(key: SessionKey, sessions: Pick<SessionStore, 'facts' | 'load'>): Promise<RebuildReport> {
  const [facts, stored] = await Promise.all([sessions.facts(key), sessions.load(key)]);
  const rebuilt = rebuild(facts);
  return { facts: facts.length, rebuilt, differences: differences(stored.state, rebuilt) };
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
