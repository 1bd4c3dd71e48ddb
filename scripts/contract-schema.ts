/**
 * Writes the JSON Schema of the session-event contract, generated from its zod schemas, where the
 * OpenAPI description refers to it: `npm run contract:schema` after changing events/session-events.ts
 * (a test fails while the file is behind).
 */
import { writeFileSync } from 'node:fs';
import { sessionEventJsonSchema, SCHEMA_FILE } from '#events/json-schema';

writeFileSync(SCHEMA_FILE, sessionEventJsonSchema());
console.log(`wrote ${SCHEMA_FILE}`);
