/**
 * Facts as they come back from storage: checked for a format this code knows, never taken on trust
 * with a cast. Version 2 only added optional records, so a version 1 fact reads as it is; a later
 * format adds its upgrade of the earlier ones here.
 */
import { FACT_VERSIONS, type Fact } from './facts.ts';

const FACT_TYPES: ReadonlySet<string> = new Set(['opening', 'attendance', 'vote', 'closing', 'signature'] satisfies Fact['type'][]);

export function readFact(value: unknown): Fact {
  const fact = value as Partial<Fact> | null;
  if (typeof fact !== 'object' || fact === null || typeof fact.eventId !== 'string')
    throw new Error('a stored fact is not an object with an eventId');
  if (!FACT_VERSIONS.includes(fact.version as number))
    throw new Error(`fact ${fact.eventId} is in format version ${String(fact.version)}, which this code cannot read`);
  if (!FACT_TYPES.has(String(fact.type))) throw new Error(`fact ${fact.eventId} is of an unknown type "${String(fact.type)}"`);
  return fact as Fact;
}
