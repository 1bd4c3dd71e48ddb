/**
 * The SCDL « Délibérations » Table Schema, version 2.1.5, as schema.data.gouv.fr publishes it
 * (`deliberations-2.1.5.schema.json`, kept unchanged): what the export's columns and the tests'
 * validation follow.
 */
import schema from './deliberations-2.1.5.schema.json' with { type: 'json' };

export const SCDL_SCHEMA = schema;
