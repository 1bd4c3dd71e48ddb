/**
 * On each poll: the préfecture's letters not read yet are kept against their act — their documents
 * in the bucket beside the act's, the letter once whatever the number of polls that bring it — then
 * acknowledged when the protocol requires it (a demande de pièces complémentaires, a lettre
 * d'observations), then marked read on the préfecture side, which hands them over no more. A letter
 * about an act Registre did not transmit is left unread, with a warning: another tool sent that act.
 */
import type { IncomingLetter, LetterRecord } from '#ports/letters';
import { EXPECTED } from '#ports/letters';
import { count } from '#runtime/observability';
import { annexMediaType } from './annexes.ts';
import { acknowledgeLetter, type DialogueDeps } from './dialogue.ts';

export interface ReceiveDeps extends DialogueDeps {
  readonly warn: (message: string, details: Record<string, unknown>) => void;
}

/** Receives every letter waiting; returns how many were kept for the first time. */
export async function receiveLetters(deps: ReceiveDeps): Promise<number> {
  let received = 0;
  for (const letter of await deps.connector.letters()) {
    if ('unreadable' in letter) {
      deps.warn('letter of the préfecture that cannot be read: left unread', { letter: letter.id, error: letter.unreadable });
      continue;
    }
    try {
      if (await receive(letter, deps)) received += 1;
    } catch (error) {
      deps.warn('letter not received yet', {
        letter: letter.id,
        actesId: letter.actesId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return received;
}

async function receive(letter: IncomingLetter, deps: ReceiveDeps): Promise<boolean> {
  const transmission = await deps.acts.getTransmission(letter.actesId);
  if (!transmission) {
    deps.warn('letter about an act Registre did not transmit: left unread', { letter: letter.id, actesId: letter.actesId });
    return false;
  }
  const folder = `acts/${transmission.siren}/${transmission.sessionId}/${transmission.item}/letters/${letter.id}`;
  const documents = [];
  for (const document of letter.documents) {
    const key = `${folder}/${document.name}`;
    const type = annexMediaType(document.bytes);
    await deps.documents.put(key, document.bytes, type ?? 'application/octet-stream');
    documents.push({ name: document.name, key });
  }
  const record: LetterRecord = {
    actesId: letter.actesId,
    siren: transmission.siren,
    sessionId: transmission.sessionId,
    item: transmission.item,
    connector: deps.connector.name,
    id: letter.id,
    kind: letter.kind,
    date: letter.date,
    ...(letter.detail !== undefined && { detail: letter.detail }),
    receivedAt: deps.now().toISOString(),
    documents,
  };
  const created = await deps.acts.createLetter(record);
  if (created) count('LettersReceived');
  const kept = created ? record : await deps.acts.getLetter(letter.actesId, letter.id);
  if (kept && EXPECTED[kept.kind].acknowledge) await acknowledgeLetter(transmission, kept, deps);
  await deps.connector.markRead(letter);
  return created;
}
