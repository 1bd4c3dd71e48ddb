/**
 * Validation against the official @CTES schemas (actesv1_1.xsd, which imports siret.xsd, which
 * imports insee-commun.xsd), with libxml2 compiled to WebAssembly. The schemas ship with Registre in
 * `schemas/` (their origin and version are in its README); `ACTES_XSD_DIR` names another copy.
 * The schemas are compiled once per validator, and each file is then checked in-process in a
 * millisecond or two — the préfecture's check must not be what a benchmark of Registre measures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlBufferInputProvider, XmlDocument, XmlLibError, xmlRegisterInputProvider, XsdValidator as CompiledSchema } from 'libxml2-wasm';

export type XsdValidator = (fileName: string, xml: Uint8Array) => Promise<string[]>;

/** The schemas of @CTES v1.1 as published, kept in the repository. */
export const ACTES_SCHEMAS_DIR = join(import.meta.dirname, 'schemas');

const FILES = ['actesv1_1.xsd', 'siret.xsd', 'insee-commun.xsd'] as const;

/**
 * Where libxml2 finds the imported schemas: one provider for the process (libxml2 keeps a handful of
 * them at most), holding each validator's files under a prefix of its own.
 */
let provider: XmlBufferInputProvider | undefined;
let validators = 0;

/** A validator on the schemas in `dir`; throws if one of the three files is missing. */
export function xsdValidator(dir: string = ACTES_SCHEMAS_DIR): XsdValidator {
  const missing = FILES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) throw new Error(`the @CTES schemas directory ${dir} lacks ${missing.join(', ')}`);
  const prefix = `actes-schemas-${validators++}/`;
  if (!provider) xmlRegisterInputProvider((provider = new XmlBufferInputProvider({})));
  for (const file of FILES) provider.addBuffer(`${prefix}${file}`, readFileSync(join(dir, file)));
  const schema = CompiledSchema.fromDoc(XmlDocument.fromBuffer(readFileSync(join(dir, FILES[0])), { url: `${prefix}${FILES[0]}` }));
  return async (fileName, xml) => {
    let document: XmlDocument | undefined;
    try {
      document = XmlDocument.fromBuffer(xml, { url: fileName });
      schema.validate(document);
      return [];
    } catch (error) {
      // A parse error or a validation error: each detail is one of libxml2's messages with its line.
      if (error instanceof XmlLibError) return error.details.map((detail) => `${fileName}:${detail.line}: ${detail.message.trim()}`);
      throw error;
    } finally {
      document?.dispose();
    }
  };
}
