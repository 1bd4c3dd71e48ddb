/**
 * Validation against the official @CTES schemas (actesv1_1.xsd, which imports siret.xsd, which
 * imports insee-commun.xsd), with libxml2 compiled to WebAssembly. The schemas ship with Registre in
 * `schemas/` (their origin and version are in its README); `ACTES_XSD_DIR` names another copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export type XsdValidator = (fileName: string, xml: Uint8Array) => Promise<string[]>;

/** The schemas of @CTES v1.1 as published, kept in the repository. */
export const ACTES_SCHEMAS_DIR = join(import.meta.dirname, 'schemas');

const FILES = ['actesv1_1.xsd', 'siret.xsd', 'insee-commun.xsd'] as const;

/** A validator on the schemas in `dir`; throws if one of the three files is missing. */
export function xsdValidator(dir: string = ACTES_SCHEMAS_DIR): XsdValidator {
  const missing = FILES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) throw new Error(`the @CTES schemas directory ${dir} lacks ${missing.join(', ')}`);
  const [main, ...imports] = FILES.map((file) => ({ fileName: file, contents: readFileSync(join(dir, file)) }));
  return async (fileName, xml) => {
    const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [main!], preload: imports });
    return result.errors.map((error) => error.message);
  };
}
