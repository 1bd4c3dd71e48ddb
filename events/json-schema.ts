/** The session-event contract as JSON Schema (draft 2020-12), for tools and people outside TypeScript. */
import { join } from 'node:path';
import * as z from 'zod';
import { CONTRACT_VERSION, SessionEvent } from './session-events.ts';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'docs', 'session-events.schema.json');

export function sessionEventJsonSchema(): string {
  const schema = z.toJSONSchema(SessionEvent, { target: 'draft-2020-12', io: 'input' });
  const described = {
    $id: `urn:registre:contract:session-events:v${CONTRACT_VERSION}`,
    title: `Registre session event, contract version ${CONTRACT_VERSION}`,
    ...schema,
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}
