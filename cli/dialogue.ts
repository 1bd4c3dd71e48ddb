/**
 * The dialogue with the préfecture from the command line: a file of the collectivité uploaded (an
 * annex for an agenda, a letter or a piece for an answer), a letter of the préfecture answered, a
 * transmission cancelled. What the préfecture wrote shows with the délibération (`registre item`).
 */
import { readFileSync } from 'node:fs';
import { call, CliError, itemPath, refusalError, sessionPath, type ApiTarget } from './api-client.ts';
import type { ItemRef } from './publication.ts';

interface Uploaded {
  readonly file: string;
  readonly size: number;
  readonly mediaType: string;
}

/** A file uploaded to the collectivité's files: its SHA-256, which an agenda or an answer names. */
export async function uploadFile(target: ApiTarget, siren: string, file: string): Promise<Uploaded> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new CliError(`${file} ne se lit pas`);
  }
  return uploadBytes(target, siren, bytes);
}

export async function uploadBytes(target: ApiTarget, siren: string, bytes: Uint8Array): Promise<Uploaded> {
  const answer = await call(target, 'POST', `/assemblies/${encodeURIComponent(siren)}/annexes`, bytes);
  if (answer.status !== 200 && answer.status !== 201) throw refusalError(answer.status, answer.body);
  return answer.body as Uploaded;
}

const MEDIA: Readonly<Record<string, string>> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

/** `registre annex <fichier> --siren S`: one line saying the SHA-256 to list in `annexes[].file`. */
export async function annexCommand(target: ApiTarget, siren: string, file: string) {
  const uploaded = await uploadFile(target, siren, file);
  return {
    text: `${file} déposé : ${uploaded.file} (${MEDIA[uploaded.mediaType] ?? uploaded.mediaType}, ${uploaded.size} octets) — à citer dans annexes[].file`,
    body: uploaded,
  };
}

/**
 * `registre answer --siren S --session X --item N --letter ID --file lettre.pdf [--piece 22_AN:plan.pdf…] [--refus]`:
 * the collectivité's letter (a PDF) and its pieces, each with its piece type, uploaded then sent.
 */
export async function answerCommand(
  target: ApiTarget,
  ref: ItemRef,
  options: { letter: string | undefined; file: string | undefined; pieces: readonly string[]; refus: boolean },
) {
  if (!options.letter) throw new CliError('answer demande --letter : l’identifiant du courrier de la préfecture (voyez "registre item")');
  if (!options.file) throw new CliError('answer demande --file : la lettre de la collectivité, en PDF');
  if (options.refus && options.pieces.length > 0) throw new CliError('un refus ne joint pas de pièces : retirez --piece ou --refus');
  const pieces = options.pieces.map((piece) => {
    const match = /^(\d{2}_[A-Z]{2}):(.+)$/.exec(piece);
    if (!match) throw new CliError(`--piece s'écrit TYPE:FICHIER, par exemple 22_AN:plan.pdf, pas "${piece}"`);
    return { type: match[1]!, path: match[2]! };
  });
  const files = [];
  for (const { type, path } of [{ type: '99_AU', path: options.file }, ...pieces])
    files.push({ file: (await uploadFile(target, ref.siren, path)).file, type });
  const path = `${itemPath(sessionPath(ref.siren, ref.sessionId), ref.number)}/letters/${encodeURIComponent(options.letter)}/answer`;
  const answer = await call(target, 'POST', path, { kind: options.refus ? 'refus' : 'reponse', files });
  if (answer.status !== 202) throw refusalError(answer.status, answer.body);
  return {
    text: `${options.refus ? 'refus' : 'réponse'} au courrier ${options.letter} enregistré${pieces.length ? ` avec ${pieces.length} pièce(s)` : ''} : il part vers la préfecture ("registre item" en suit l'envoi)`,
    body: answer.body,
  };
}

/** `registre cancel --siren S --session X --item N`: the transmission cancelled (@CTES Annulation). */
export async function cancelCommand(target: ApiTarget, ref: ItemRef) {
  const answer = await call(target, 'POST', `${itemPath(sessionPath(ref.siren, ref.sessionId), ref.number)}/cancellation`);
  if (answer.status !== 202 && answer.status !== 200) throw refusalError(answer.status, answer.body);
  return {
    text:
      answer.status === 200
        ? `la transmission de ${ref.number} est déjà annulée`
        : `annulation de la transmission de ${ref.number} envoyée à la préfecture ("registre item" en montre l'accusé de réception)`,
    body: answer.body,
  };
}

interface ClassificationView {
  siren: string;
  date: string;
  fetchedAt: string;
  announced: string | null;
  natures: { abbreviation: string; label: string; pieceTypes: { code: string; label: string }[] }[];
  matieres: { code: string; label: string }[];
}

/** `registre classification <siren> [--refresh]`: the préfecture's classification kept, or asked for again. */
export async function classificationCommand(target: ApiTarget, siren: string, refresh: boolean) {
  const path = `/assemblies/${encodeURIComponent(siren)}/classification`;
  if (refresh) {
    const asked = await call(target, 'POST', path);
    if (asked.status !== 202) throw refusalError(asked.status, asked.body);
    return {
      text: `classification demandée à la préfecture pour ${siren} : "registre classification ${siren}" la montre une fois reçue`,
      body: asked.body,
    };
  }
  const answer = await call(target, 'GET', path);
  if (answer.status !== 200) throw refusalError(answer.status, answer.body);
  const view = answer.body as ClassificationView;
  const lines = [
    `classification de la préfecture du ${view.date} (reçue le ${view.fetchedAt.slice(0, 10)})${view.announced ? ` — la préfecture en annonce une du ${view.announced}` : ''}`,
    ...view.natures.map((n) => `  ${n.abbreviation} ${n.label} : pièces ${n.pieceTypes.map((t) => t.code).join(', ')}`),
    `  ${view.matieres.length} matières :`,
    ...view.matieres.map((m) => `    ${m.code.padEnd(8)} ${m.label}`),
  ];
  return { text: lines.join('\n'), body: view };
}
