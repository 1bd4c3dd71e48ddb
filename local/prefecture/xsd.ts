/**
 * Validation against the official @CTES schemas (actesv1_1.xsd, which imports siret.xsd, which
 * imports insee-commun.xsd), with libxml2 compiled to WebAssembly. The schemas are not part of
 * Registre: the simulator reads them from the directory it is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export type XsdValidator = (fileName: string, xml: Uint8Array) => Promise<string[]>;

const FILES = ['actesv1_1.xsd', 'siret.xsd', 'insee-commun.xsd'] as const;

/** A validator on the schemas in `dir`; throws if one of the three files is missing. */
export function xsdValidator(dir: string): XsdValidator {
  const missing = FILES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) throw new Error(`the @CTES schemas directory ${dir} lacks ${missing.join(', ')}`);
  const [main, ...imports] = FILES.map((file) => ({ fileName: file, contents: readFileSync(join(dir, file)) }));
  return async (fileName, xml) => {
    const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [main!], preload: imports });
    return result.errors.map((error) => error.message);
  };
}
