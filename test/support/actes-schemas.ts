/**
 * The official @CTES schemas, read from ACTES_XSD_DIR or from the reference material beside the
 * repository (../shared/reference/actes): tests validate against them and never copy them here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ACTES_SCHEMAS = process.env.ACTES_XSD_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'actes');

if (!existsSync(join(ACTES_SCHEMAS, 'actesv1_1.xsd'))) throw new Error(`the @CTES schemas are expected in ${ACTES_SCHEMAS}`);
