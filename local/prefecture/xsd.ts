/**
 * Validation against the official @CTES schemas (actesv1_1.xsd, which imports siret.xsd, which
 * imports insee-commun.xsd), with libxml2 compiled to WebAssembly. The schemas ship with Registre in
 * `schemas/` (their origin and version are in its README); `ACTES_XSD_DIR` names another copy.
 *
 * One run of xmllint costs a worker thread and the WebAssembly module's compilation — about 100 ms
 * idle, far more under load — whatever the number of files it checks. So the files asked for while a
 * run is under way wait for it to end and are checked together in the next one, each answered with
 * the errors located in its own file: the cost of a run is shared by every act arriving at once.
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
  let waiting: Request[] = [];
  let running: Promise<void> | undefined;
  let serial = 0;
  const run = async (requests: Request[]) => {
    try {
      const { errors } = await validateXML({ xml: requests.map(({ file }) => file), schema: [main!], preload: imports });
      const byFile = new Map(requests.map((request) => [request.file.fileName, [] as string[]]));
      // A line without a location ("… fails to validate", the quoted source under a parser error)
      // names its file or follows one that does.
      let current: string | undefined;
      for (const error of errors) {
        current = error.loc?.fileName ?? requests.find(({ file }) => error.message.startsWith(file.fileName))?.file.fileName ?? current;
        if (current !== undefined) byFile.get(current)?.push(error.message);
      }
      for (const request of requests)
        request.resolve(byFile.get(request.file.fileName)!.map((message) => message.replace(request.file.fileName, request.name)));
    } catch (error) {
      for (const request of requests) request.reject(error);
    }
  };
  const next = (): Promise<void> | undefined => {
    if (waiting.length === 0) return (running = undefined);
    const requests = waiting;
    waiting = [];
    return (running = run(requests).then(next));
  };
  return (fileName, xml) =>
    new Promise((resolve, reject) => {
      // A name of its own in the run; messages quoting it are given the file's own name back.
      waiting.push({ name: fileName, file: { fileName: `${serial++}-${fileName}`, contents: xml }, resolve, reject });
      if (!running) next();
    });
}

interface Request {
  readonly name: string;
  readonly file: { readonly fileName: string; readonly contents: Uint8Array };
  resolve(errors: string[]): void;
  reject(error: unknown): void;
}
