/**
 * The certified extract of a délibération ("Pour extrait conforme"), as content: the blocks the act
 * prints, in the order of the registre, with the wording of the acts. The text, HTML and PDF
 * renderings all come from this one model, so they cannot say different things.
 */
import { displayName } from '#domain/attendance';
import type { ItemState, SessionState } from '#domain/session';
import type { AgendaItem } from '#events/session-events';
import { office, resultLines, rollLines } from './extract-vote.ts';
import { frenchDate, frenchHour } from './french.ts';

export type BlockStyle = 'header' | 'heading' | 'title' | 'body' | 'label' | 'quote' | 'vote' | 'outcome' | 'signature' | 'stamp';

export interface TextBlock {
  readonly style: BlockStyle;
  readonly text: string;
}

/** A table — an election's rounds: its caption in `text`, the head row, and a row each, the first cell naming it. */
export interface TableBlock {
  readonly style: 'table';
  readonly text: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export type Block = TextBlock | TableBlock;

export interface ExtractContent {
  /** Document title, for metadata: "AD 2025 0043 — Transformation numérique …". */
  readonly title: string;
  readonly actesId: string;
  /** The date the document bears: the signature's. */
  readonly date: string;
  readonly blocks: readonly Block[];
}

/** The préfecture's acknowledgement, printed on the stamped copy, and the publication on the published one (L2131-1). */
export interface Stamp {
  /** ARActe DateReception, YYYY-MM-DD. */
  readonly receivedOn: string;
  readonly actesId: string;
  readonly published?: { readonly on: string; readonly executoireOn: string };
}

export type AgendaTexts = Pick<AgendaItem, 'visas' | 'expose' | 'decision'>;

/** Builds the extract of a voted and signed délibération; throws on an item that is neither. */
export function extractContent(state: SessionState, item: ItemState, texts: AgendaTexts, stamp?: Stamp): ExtractContent {
  const vote = item.vote;
  const signature = item.signature;
  if (!vote || !signature) throw new Error(`délibération ${item.number} must be voted and signed before it is certified`);
  const { members } = state;
  const name = (id: string) => displayName(members, id);
  const president = state.president;
  const blocks: Block[] = [];
  const add = (style: BlockStyle, text: string | undefined) => {
    if (text) blocks.push({ style, text });
  };

  if (stamp) add('stamp', `Transmis en préfecture le : ${frenchDate(stamp.receivedOn)} — ID : ${stamp.actesId}`);
  if (stamp?.published)
    add('stamp', `Publié le : ${frenchDate(stamp.published.on)} — exécutoire le : ${frenchDate(stamp.published.executoireOn)}`);
  add('header', state.assembly.name);
  add('header', 'Extrait du registre des délibérations');
  add('heading', state.assembly.body);
  add('heading', `Séance du ${frenchDate(state.date)}`);
  add('label', `N° ${item.label ?? item.number}`);
  add('label', item.rapporteur && `Rapporteur : ${name(item.rapporteur)}`);
  add('label', item.commission);
  add('label', item.policy);
  add('title', item.title);

  const convoked = state.convokedOn ? ` le ${frenchDate(state.convokedOn)}` : '';
  const place = state.place ? ` dans ${state.place}` : '';
  add(
    'body',
    `Le ${frenchDate(state.date)} à ${frenchHour(state.openedAt)}, les membres du ${state.assembly.body}, régulièrement convoqués${convoked} par ${name(president)}, ${office(state, president)}, se sont réunis${place}, sous sa présidence.`,
  );
  blocks.push(...rollLines(state, vote, item.kind === 'compte_administratif'));
  if (state.closedAt) add('body', `Après épuisement de l'ordre du jour, la séance a été levée à ${frenchHour(state.closedAt)}.`);

  add('heading', `Le ${state.assembly.body}`);
  for (const visa of texts.visas ?? []) add('body', visa);
  if (texts.expose) {
    add('heading', 'Exposé :');
    for (const paragraph of texts.expose.split(/\n\s*\n/)) add('body', paragraph.trim());
  }
  if (texts.decision) {
    add('heading', 'Décide :');
    for (const line of texts.decision.split('\n')) add('quote', line.trimEnd());
  }

  blocks.push(...resultLines(state, vote));

  // The annexes go to the préfecture with the act (@CTES Annexes), each under its piece type.
  if (item.annexes?.length) {
    add('heading', item.annexes.length === 1 ? 'Annexe :' : `Annexes (${item.annexes.length}) :`);
    item.annexes.forEach((annex, index) => add('body', `${index + 1}. ${annex.title} (pièce ${annex.type})`));
  }

  add('signature', 'Pour extrait conforme');
  const signedOn = frenchDate(signature.signedAt);
  add('signature', signature.place ? `À ${signature.place}, le ${signedOn}` : `Le ${signedOn}`);
  const signer = signature.signedBy;
  add('signature', signer === president ? `${office(state, signer, true)}, ${name(signer)}` : name(signer));

  return { title: `${item.label ?? item.number} — ${item.title}`, actesId: item.actesId, date: signature.signedAt.slice(0, 10), blocks };
}
