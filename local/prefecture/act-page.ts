/**
 * The préfecture agent's page of an act: what was received (the act and its annexes, by their @CTES
 * names, whose prefix is the piece type), the answer given, the dialogue since — the letters written
 * and what the collectivité sent back, each with its documents — and the form to write a letter.
 */
import { letterNameOf } from '#actes/letter-messages';
import { frenchDate } from '#extract/french';
import { escapeHtml as escape } from '#extract/render-html';
import { LETTER_KINDS } from '#ports/letters';
import type { InboxEntry, ReceivedMessage, SentLetter } from './inbox.ts';
import { simulatorPage } from './inbox-page.ts';
import { LETTERS } from './letters.ts';

/** What the collectivité's messages are, as the préfecture reads them. */
const MESSAGES: Readonly<Record<string, string>> = {
  ReponseCourrierSimple: 'Réponse au courrier',
  ARDemandePieceComplementaire: 'Accusé de réception de la demande de pièces',
  RefusPieceComplementaire: 'Refus de transmettre les pièces',
  PieceComplementaire: 'Pièces complémentaires',
  ARLettreObservations: "Accusé de réception de la lettre d'observations",
  RejetLettreObservations: 'Rejet des observations',
  ReponseLettreObservations: 'Réponse aux observations',
  Annulation: 'Annulation de la transmission',
};

export function actPage(entry: InboxEntry | undefined, idActe: string): string {
  if (!entry)
    return simulatorPage(
      'Acte inconnu',
      `<h1>Acte inconnu</h1><p>Aucun acte ${escape(idActe)} n'a été reçu.</p><p><a href="/">Retour aux actes reçus</a></p>`,
    );
  const link = (name: string) =>
    `<a href="/inbox/${encodeURIComponent(entry.idActe)}/documents/${encodeURIComponent(name)}">${escape(name)}</a>`;
  const answer =
    entry.status === 'acknowledged'
      ? `accusé de réception (ARActe) du ${escape(frenchDate(entry.dateReception))}`
      : `anomalie ${escape(entry.anomaly?.nature ?? '')} : ${escape(entry.anomaly?.detail ?? '')}`;
  const [act, ...annexes] = entry.documents;
  const events = [
    ...(entry.letters ?? []).map((letter) => ({ at: letter.createdAt, html: letterItem(letter, link) })),
    ...(entry.messages ?? []).map((message) => ({ at: message.receivedAt, html: messageItem(message, entry, link) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return simulatorPage(
    `Acte ${entry.idActe}`,
    `<p><a href="/">Actes reçus</a></p>
<h1>Acte <code>${escape(entry.idActe)}</code></h1>
<p><strong>${escape(entry.acte.objet)}</strong></p>
<p>Reçu le ${escape(frenchDate(entry.receivedAt.slice(0, 10)))} (${entry.channel === 's2low' ? 'par S²LOW' : 'archive @CTES'}) — ${answer}${entry.cancelledOn ? ` — <strong>transmission annulée le ${escape(frenchDate(entry.cancelledOn))}</strong>` : ''}</p>
<h2>Documents reçus</h2>
<ul>
<li>Acte : ${act ? link(act) : '—'}</li>
${annexes.map((name) => `<li>Annexe (pièce ${escape(name.slice(0, 5))}) : ${link(name)}</li>`).join('\n')}
</ul>
<h2 id="dialogue">Dialogue avec la collectivité</h2>
${events.length > 0 ? `<ol class="dialogue">${events.map((e) => e.html).join('\n')}</ol>` : '<p class="muted">Aucun échange pour cet acte.</p>'}
<h2>Écrire à la collectivité</h2>
<form method="post" action="/actes/${encodeURIComponent(entry.idActe)}/courriers">
<fieldset><legend>Nature du courrier</legend>
${LETTER_KINDS.map(
  (kind, i) => `<label><input type="radio" name="kind" value="${kind}"${i === 0 ? ' checked' : ''}> ${escape(LETTERS[kind].title)}</label>`,
).join('\n')}
</fieldset>
<label for="detail">Objet, pièces demandées, motif ou nature de l'illégalité</label>
<textarea id="detail" name="detail" required></textarea>
<p><button type="submit">Envoyer le courrier</button></p>
</form>`,
  );
}

function letterItem(letter: SentLetter, link: (name: string) => string): string {
  const read = letter.readAt
    ? `pris en compte par la collectivité le ${escape(frenchDate(letter.readAt.slice(0, 10)))}`
    : 'pas encore pris en compte par la collectivité';
  return `<li><strong>${escape(LETTERS[letter.kind].title)}</strong> envoyé le ${escape(frenchDate(letter.date))} — ${escape(letter.detail)}<br><span class="muted">${read}</span> — ${letter.documents.map(link).join(', ')}</li>`;
}

function messageItem(message: ReceivedMessage, entry: InboxEntry, link: (name: string) => string): string {
  const answered = entry.letters?.find((l) => l.id === message.letterId);
  const about = answered ? ` (au courrier du ${escape(frenchDate(answered.date))})` : '';
  const label = MESSAGES[message.name] ?? letterNameOf(message.code) ?? message.name;
  return `<li><strong>${escape(label)}</strong>${about} reçu le ${escape(frenchDate(message.receivedAt.slice(0, 10)))}${message.documents.length > 0 ? ` — ${message.documents.map(link).join(', ')}` : ''}</li>`;
}
