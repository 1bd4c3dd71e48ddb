/**
 * `registre demo --letters`: after the act is acknowledged, the préfecture (its simulator) asks for
 * pieces complémentaires; Registre receives the letter on its next poll and acknowledges it, the
 * secretariat answers with its letter and a piece (two PDFs, uploaded), and the préfecture
 * acknowledges the answer — each step reported as it is reached.
 */
import { renderPdf } from '#extract/render-pdf';
import { frenchDate } from '#extract/french';
import { call, CliError, itemPath, refusalError, sessionPath, type ApiTarget } from './api-client.ts';
import { runDemo, timed } from './demo.ts';
import { uploadBytes } from './dialogue.ts';
import type { ItemView, LetterView } from './format.ts';

const REQUEST = "Le plan de financement du PNED3 et la convention signée avec l'État";

/** Two pages of PDF: the collectivité's letter and the piece asked for. */
async function pdf(title: string, text: string, actesId: string): Promise<Buffer> {
  return renderPdf(
    {
      title,
      actesId,
      date: new Date().toISOString().slice(0, 10),
      blocks: [
        { style: 'header', text: 'Département d’Ille-et-Vilaine' },
        { style: 'heading', text: title },
        { style: 'body', text },
      ],
    },
    'Registre',
  );
}

export async function runLetterDemo(
  target: ApiTarget,
  prefectureUrl: string,
  item: ItemView,
  itemPath: string,
  say: (line: string) => void,
  timeoutMs = 60_000,
): Promise<ItemView> {
  const started = Date.now();
  const written = await fetch(`${prefectureUrl}/actes/${encodeURIComponent(item.actesId)}/courriers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'pieces', detail: REQUEST }),
  }).catch(() => {
    throw new CliError(`le simulateur de préfecture ne répond pas à ${prefectureUrl}`);
  });
  if (written.status !== 201) throw new CliError(`le simulateur de préfecture a refusé le courrier (${written.status})`);
  const sent = (await written.json()) as { id: string; archiveName: string };
  say(`la préfecture demande des pièces complémentaires : « ${REQUEST} »`);

  const until = async (found: (view: ItemView, letter: LetterView | undefined) => boolean, waiting: string) => {
    while (Date.now() - started < timeoutMs) {
      const answer = await call(target, 'GET', itemPath);
      if (answer.status !== 200) throw refusalError(answer.status, answer.body);
      const view = answer.body as ItemView;
      const letter = view.letters?.find((l) => l.id === sent.id || l.id === sent.archiveName);
      if (found(view, letter)) return { view, letter: letter! };
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new CliError(`${waiting} après ${timeoutMs / 1000} s : suivez l'acte avec "registre item"`);
  };

  const { letter } = await until((_, l) => l !== undefined, 'le courrier de la préfecture n’est pas arrivé');
  say(
    `courrier reçu par Registre${letter.acknowledgedAt ? ', accusé de réception envoyé à la préfecture' : ''} (${letter.documents.map((d) => d.name).join(', ')})`,
  );

  const siren = item.actesId.split('-')[1]!;
  const reply = await uploadBytes(
    target,
    siren,
    await pdf('Réponse à la demande de pièces complémentaires', `Veuillez trouver ci-joint : ${REQUEST}.`, item.actesId),
  );
  const piece = await uploadBytes(
    target,
    siren,
    await pdf('Plan de financement du PNED3', 'Plan de financement : 13,12 millions d’euros.', item.actesId),
  );
  const answered = await call(target, 'POST', `${itemPath}/letters/${encodeURIComponent(letter.id)}/answer`, {
    kind: 'reponse',
    files: [
      { file: reply.file, type: '99_AU' },
      { file: piece.file, type: '22_AN' },
    ],
  });
  if (answered.status !== 202) throw refusalError(answered.status, answered.body);
  say('réponse de la collectivité envoyée : sa lettre et le plan de financement (PDF)');

  const done = await until((_, l) => l?.answer?.status === 'acknowledged' || l?.answer?.status === 'sent', 'la réponse n’est pas partie');
  const on = done.letter.answer?.acknowledgedOn;
  say(
    on
      ? `la préfecture accuse réception des pièces le ${frenchDate(on)} : le délai du contrôle de légalité reprend`
      : 'réponse transmise à la préfecture',
  );
  return done.view;
}

/**
 * `registre demo [--letters]`: the demo, then with the préfecture simulator's address the letter
 * demo; the délibération as it ends, or an error saying where it stopped.
 */
export async function demoCommand(target: ApiTarget, report: (line: string) => void, prefecture: string | undefined): Promise<ItemView> {
  const started = Date.now();
  const { item: reached, applied } = await runDemo(target, report);
  const found =
    prefecture && reached?.status === 'published'
      ? await runLetterDemo(
          target,
          prefecture,
          reached,
          itemPath(sessionPath(reached.actesId.split('-')[1]!, reached.sessionId), reached.number),
          timed(report, started),
        )
      : reached;
  if (found && (found.status === 'published' || found.status === 'refused')) return found;
  throw new CliError(
    found?.status === 'acknowledged'
      ? 'l’acte est acquitté mais n’a pas été publié en 60 s ; suivez-le avec "registre item"'
      : applied
        ? 'la préfecture n’a pas répondu en 60 s ; suivez l’acte avec "registre transmissions"'
        : 'la séance n’a pas été traitée en 60 s : les fonctions du stack local tournent-elles ?',
  );
}
