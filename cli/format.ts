/** How the CLI prints the API's answers for a person: French labels, one fact a line. */
import { frenchDate } from '#extract/french';

interface MemberRef {
  id: string;
  name: string;
}

export interface ItemView {
  sessionId: string;
  number: string;
  label: string | null;
  title: string;
  status: string;
  statusLabel: string;
  actesId: string;
  quorum: {
    inOffice: number;
    required: number;
    present: number;
    represented: number;
    voting: number;
    reached: boolean;
    rule: string;
    suppleants?: number;
    withdrawn?: number;
  };
  attendance?: { withdrawn?: (MemberRef & { reason: string })[] };
  vote: { method: string; pour: number; contre: number; abstention: number; blankOrNull: number; nppv: number; exprimes: number } | null;
  election?: ElectionView | null;
  outcome: { adopted: boolean; wording: string; text?: string; castingVote: boolean; required?: { article: string; votes: number } } | null;
  signature: { signedBy: MemberRef; signedAt: string } | null;
  extract: { sha256: string; stamped: { sha256: string } | null } | null;
  transmission: TransmissionView | null;
  /** Once acknowledged: "Transmis en préfecture le … — publié le … — exécutoire le …". */
  statusLine: string | null;
  publication: PublicationView | null;
  annexes?: { title: string; type: string; file: string }[];
  letters?: LetterView[];
}

/** A letter of the préfecture about the act, and the collectivité's answer. */
export interface LetterView {
  id: string;
  label: string;
  date: string;
  detail: string | null;
  acknowledgedAt: string | null;
  documents: readonly { name: string }[];
  expects: readonly string[];
  answer: { kind: string; status: string; refusal?: string | null; sentAt: string | null; acknowledgedOn: string | null } | null;
}

const ANSWER_STATUS: Readonly<Record<string, string>> = {
  requested: 'en cours d’envoi',
  sent: 'envoyée',
  acknowledged: 'reçue par la préfecture',
  refused: 'refusée par le tiers de télétransmission',
};

/** "Demande de pièces complémentaires du 2 avril 2025 (id …) — « … » — réponse reçue par la préfecture le …". */
function letterLine(letter: LetterView): string {
  const todo = `à traiter : registre answer --letter ${letter.id} --file lettre.pdf${letter.expects.includes('refus') ? ' [--refus]' : ''}`;
  const answer = letter.answer
    ? `${letter.answer.kind === 'refus' ? 'refus' : 'réponse'} ${ANSWER_STATUS[letter.answer.status] ?? letter.answer.status}${letter.answer.acknowledgedOn ? ` le ${frenchDate(letter.answer.acknowledgedOn)}` : ''}${letter.answer.refusal ? ` (${letter.answer.refusal}) — ${todo}` : ''}`
    : letter.expects.length > 0
      ? todo
      : 'pour information';
  return `${letter.label} du ${frenchDate(letter.date)} (${letter.id})${letter.detail ? ` — « ${letter.detail} »` : ''} — ${answer}`;
}

/** An act published on the collectivité's site (CGCT L2131-1): when, from when it is exécutoire, and its page. */
export interface PublicationView {
  publishedAt: string;
  /** YYYY-MM-DD. */
  executoireOn: string;
  url: string | null;
}

/** "exécutoire le 25 mars 2025 — https://…", or saying that the public site has no address. */
export function publicationLine(publication: PublicationView): string {
  return `exécutoire le ${frenchDate(publication.executoireOn)} — ${publication.url ?? "sans page publique : l'adresse du site public n'est pas configurée"}`;
}

export interface ElectionView {
  secret: boolean;
  rounds: {
    ballots: number;
    blank: number;
    null: number;
    exprimes: number;
    absoluteMajority?: number;
    votes: { candidate: MemberRef; votes: number }[];
  }[];
}

const WITHDRAWAL_REASONS: Record<string, string> = {
  interest: "intérêt à l'affaire",
  representative: "représentation de l'organisme concerné",
  compte_administratif: 'vote du compte administratif',
};

const ROUNDS = ['1er tour', '2e tour', '3e tour'];

export interface TransmissionView {
  actesId: string;
  sessionId: string;
  item: string;
  status: string;
  statusLabel: string;
  queuedAt: string;
  sentAt: string | null;
  receivedOn: string | null;
  archive: string | null;
  anomaly?: { nature?: string; detail: string };
  cancellation?: { detail: string };
  cancelledAt?: string;
  /** The last state the préfecture side reported (S²LOW's status), and what a person must do. */
  reported?: { code: string; label: string; meaning: string; attention?: string; since: string };
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

function transmissionLine(t: TransmissionView): string {
  const reported = t.reported && t.status === 'sent' ? ` — ${reportedLine(t.reported)}` : '';
  return `${stateLine(t)}${reported}`;
}

/** "S²LOW : En attente d'être postée (…) — à faire : …". */
const reportedLine = (r: NonNullable<TransmissionView['reported']>) =>
  `S²LOW : ${r.label} (${r.meaning})${r.attention ? ` — à faire : ${r.attention}` : ''}`;

function stateLine(t: TransmissionView): string {
  if (t.status === 'cancelled') return `${t.statusLabel} le ${day(t.cancelledAt ?? null)} — ${t.cancellation?.detail ?? ''}`;
  if (t.status === 'acknowledged') return `${t.statusLabel} — transmis en préfecture le ${t.receivedOn} (envoyé le ${day(t.sentAt)})`;
  if (t.status === 'refused') return `${t.statusLabel} — ${t.anomaly?.nature ? `anomalie ${t.anomaly.nature} : ` : ''}${t.anomaly?.detail}`;
  if (t.status === 'sent') return `${t.statusLabel} le ${day(t.sentAt)}, accusé de réception attendu`;
  return `${t.statusLabel}, en file pour la préfecture depuis le ${day(t.queuedAt)}`;
}

export function formatItem(item: ItemView): string {
  const q = item.quorum;
  const lines = [
    `${item.label ?? item.number} — ${item.title}`,
    `  séance      : ${item.sessionId} · délibération ${item.number} · statut : ${item.statusLabel}`,
    `  quorum      : ${q.required} requis sur ${q.inOffice} en exercice — ${q.present} présents${q.suppleants ? ` dont ${q.suppleants} suppléants` : ''}, ${q.represented} représentés, ${q.voting} votants — ${q.reached ? 'atteint' : 'non atteint'} (${q.rule})`,
  ];
  for (const w of item.attendance?.withdrawn ?? [])
    lines.push(`  retrait     : ${w.name} (motif : ${WITHDRAWAL_REASONS[w.reason] ?? w.reason}), ne prend pas part au vote`);
  item.election?.rounds.forEach((round, index) =>
    lines.push(
      `  ${(ROUNDS[index] ?? `${index + 1}e tour`).padEnd(11)} : ${round.ballots} votants, ${round.blank} blancs, ${round.null} nuls, ${round.exprimes} exprimés${
        round.absoluteMajority === undefined ? ', majorité relative' : `, majorité absolue ${round.absoluteMajority}`
      } — ${round.votes.map((v) => `${v.candidate.name} ${v.votes}`).join(', ')}`,
    ),
  );
  if (item.vote) {
    const v = item.vote;
    const extra = [v.blankOrNull ? `Blancs ou nuls : ${v.blankOrNull}` : '', v.nppv ? `NPPV : ${v.nppv}` : ''].filter(Boolean).join('  ');
    lines.push(
      `  vote        : Pour : ${v.pour}  Contre : ${v.contre}  Abstention : ${v.abstention}${extra ? `  ${extra}` : ''}  (exprimés : ${v.exprimes})`,
    );
  }
  if (item.outcome)
    lines.push(
      `  résultat    : ${item.outcome.text ?? item.outcome.wording}${item.outcome.castingVote ? ' (voix prépondérante du président)' : ''}${
        item.outcome.required ? ` — majorité requise : ${item.outcome.required.votes} voix (${item.outcome.required.article})` : ''
      }`,
    );
  lines.push(`  IDActe      : ${item.actesId}`);
  if (item.signature) lines.push(`  signée par  : ${item.signature.signedBy.name}, le ${item.signature.signedAt}`);
  if (item.extract)
    lines.push(
      `  extrait     : PDF, HTML, texte — SHA-256 ${item.extract.sha256}${item.extract.stamped ? ' — copie tamponnée disponible' : ''}`,
    );
  if (item.transmission) lines.push(`  préfecture  : ${transmissionLine(item.transmission)}`);
  if (item.statusLine) lines.push(`  dates       : ${item.statusLine}`);
  if (item.publication) lines.push(`  publication : ${publicationLine(item.publication)}`);
  item.annexes?.forEach((annex, i) => lines.push(`  annexe ${String(i + 1).padEnd(4)} : ${annex.title} (pièce ${annex.type})`));
  for (const letter of item.letters ?? []) lines.push(`  courrier    : ${letterLine(letter)}`);
  return lines.join('\n');
}

export interface SessionView {
  sessionId: string;
  status: string;
  assembly: { name: string; body: string };
  date: string;
  openedAt: string;
  closedAt: string | null;
  ruleSet: { id: string };
  attendance: { forItem: string | null; present: unknown[]; represented: unknown[]; absent: unknown[] };
  items: { number: string; title: string; statusLabel: string; outcome: { wording: string } | null }[];
}

export function formatSession(session: SessionView): string {
  const a = session.attendance;
  const status = session.closedAt ? `levée à ${session.closedAt}` : `ouverte depuis ${session.openedAt}`;
  const lines = [
    `${session.assembly.body} — ${session.assembly.name} — séance du ${session.date} (${session.sessionId})`,
    `  ${status} · règles : ${session.ruleSet.id}`,
    `  présents ${a.present.length} · représentés ${a.represented.length} · absents ${a.absent.length}${a.forItem ? ` (pour ${a.forItem})` : ''}`,
    '  délibérations :',
    ...session.items.map(
      (i) => `    ${i.number.padEnd(16)} ${i.statusLabel.padEnd(10)} ${(i.outcome?.wording ?? '—').padEnd(46)} ${i.title}`,
    ),
  ];
  return lines.join('\n');
}

export interface EventRow {
  seq: number | null;
  eventId: string;
  type: string;
  status: string;
  reason?: { message: { fr: string } };
}

const EVENT_STATUS_LABELS: Readonly<Record<string, string>> = { queued: 'en file', applied: 'appliqué', rejected: 'rejeté' };

export function formatEvents(events: EventRow[]): string {
  return events
    .map(
      (e) =>
        `${String(e.seq ?? '-').padStart(4)}  ${(EVENT_STATUS_LABELS[e.status] ?? e.status).padEnd(8)} ${e.type.padEnd(18)} ${e.eventId}${e.reason ? `  — ${e.reason.message.fr}` : ''}`,
    )
    .join('\n');
}

/** The API's refusals, as a person reads them; other kinds keep the API's own message. */
const REFUSALS: Readonly<Record<string, string>> = {
  invalid_json: "le corps de la requête n'est pas du JSON",
  invalid_body: 'la requête doit porter un événement ou {"events": [...]}',
  invalid_events: "des événements ne respectent pas le contrat ; aucun n'a été enregistré",
  rule_violation: "des événements enfreignent les règles de la séance ; aucun n'a été enregistré",
  invalid_path: 'un paramètre du chemin est mal formé',
  invalid_query: 'un paramètre de la requête est mal formé',
  payload_too_large: 'la requête est trop volumineuse',
  unauthorized: 'jeton absent, expiré ou invalide ("npx registre token" en fait un pour le stack local)',
  forbidden: "ce jeton n'y a pas accès : son rôle ou ses collectivités ne le permettent pas",
  not_found: 'introuvable : séance, délibération, courrier, document, classification ou échec',
  not_replayable: "cet échec attend une personne chez le tiers de télétransmission : il n'y a rien à rejouer",
  not_expected: "ce courrier n'attend pas cette réponse (un déféré n'en attend aucune ; un courrier simple, pas de refus)",
  already_answered: 'ce courrier a déjà sa réponse',
  not_transmitted: "l'acte n'est pas acquitté par la préfecture : seule une transmission acquittée s'annule",
  unsupported_media_type: 'le fichier doit être un PDF, un PNG ou un JPEG',
  empty_file: 'le fichier est vide',
  not_in_dead_letter_queue: "ce message n'est pas dans sa file de rejet : déjà rejoué, ou encore en cours de nouvelles tentatives",
  conflict: 'la séance a changé pendant la reconstruction ; relancez-la',
  busy: 'une autre requête enregistre des événements de cette séance ; renvoyez celle-ci dans un instant',
  not_acknowledged: "la préfecture n'a pas encore accusé réception de l'acte : Registre le publie une fois acquitté",
  not_configured: "l'adresse du site public n'est pas configurée sur cette API",
  internal: "l'API n'a pas pu traiter la requête",
};

/**
 * A refused request (400, 401, 403, 404, 422, or an answer that is not the API's at all, such as a
 * proxy's 502 page) as one line per problem, rule refusals in French.
 */
export function formatRefusal(status: number, body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const text = String(body ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return `réponse inattendue (${status})${text ? ` : ${text.length > 160 ? `${text.slice(0, 160)}…` : text}` : ''}`;
  }
  const answer = body as {
    error?: string;
    message?: string;
    violations?: { field: string; message: string }[];
    events?: { index: number; eventId?: unknown; violations?: { field: string; message: string }[]; message?: { fr: string } }[];
  };
  const lines = [`refusé (${status}) : ${(answer.error && REFUSALS[answer.error]) ?? answer.message ?? JSON.stringify(body)}`];
  for (const v of answer.violations ?? []) lines.push(`  ${v.field} : ${v.message}`);
  for (const event of answer.events ?? []) {
    const where = `événement n° ${event.index}${typeof event.eventId === 'string' ? ` (${event.eventId})` : ''}`;
    for (const v of event.violations ?? []) lines.push(`  ${where} : ${v.field} : ${v.message}`);
    if (event.message) lines.push(`  ${where} : ${event.message.fr}`);
  }
  return lines.join('\n');
}

/** The statuses `transmissions --status` takes, in French as the CLI prints them or as the API names them. */
export const TRANSMISSION_STATUS_WORDS: Readonly<Record<string, string>> = {
  certifiée: 'queued',
  queued: 'queued',
  transmise: 'sent',
  sent: 'sent',
  acquittée: 'acknowledged',
  acknowledged: 'acknowledged',
  refusée: 'refused',
  refused: 'refused',
  annulée: 'cancelled',
  cancelled: 'cancelled',
};

export function formatTransmissions(transmissions: TransmissionView[]): string {
  if (transmissions.length === 0) return 'aucune transmission';
  return transmissions.map((t) => `${t.actesId.padEnd(44)} ${transmissionLine(t)}`).join('\n');
}
