/**
 * What the API shows of a séance: plain JSON views computed from the projection, naming members the
 * way the acts do ("M. LE MOAL") next to their ids.
 */
import { actStatus, ACT_STATUS_LABELS, transmissionActStatus, type ActStatus } from '#acts/act-status';
import { displayName, type ItemAttendance } from '#domain/attendance';
import type { ItemState, SessionState } from '#domain/session';
import { attendanceAt, currentAttendance, isElection, quorumAt, type VoteRecord } from '#domain/session-state';
import { outcomeText } from '#domain/vote';
import { statusLine } from '#domain/publication';
import { letterView } from './letter-view.ts';
import { hrefs } from './public-layout.ts';
import type { AgendaTexts } from '#extract/extract-content';
import type { Member } from '#events/session-events';
import type { ExtractRecord, TransmissionRecord } from '#ports/act-store';
import type { LetterRecord } from '#ports/letters';
import type { PublicationClaim } from '#ports/publications';
import type { AssemblyListing, SessionListing } from '#ports/seance-index';
import type { LogEntry, LoggedEvent } from '#ports/session-store';

interface MemberRef {
  id: string;
  name: string;
}

const ref = (members: readonly Member[], id: string): MemberRef => ({ id, name: displayName(members, id) });

function attendanceView(members: readonly Member[], attendance: ItemAttendance) {
  const substitutes = attendance.substitutes ?? [];
  return {
    present: attendance.present.map((id) => {
      const sitting = substitutes.find((s) => s.memberId === id);
      return { ...ref(members, id), ...(sitting && { suppleantOf: ref(members, sitting.titulaireId) }) };
    }),
    represented: attendance.represented.map((r) => ({ ...ref(members, r.memberId), by: ref(members, r.holderId) })),
    absent: attendance.absent.map((id) => {
      const substitute = substitutes.find((s) => s.titulaireId === id);
      return { ...ref(members, id), ...(substitute && { replacedBy: ref(members, substitute.memberId) }) };
    }),
    withdrawn: (attendance.withdrawn ?? []).map((w) => ({ ...ref(members, w.memberId), reason: w.reason })),
  };
}

/**
 * The outcome as the secretariat reads it: `wording` is the category of a délibération's outcome, or
 * who an election elected; `text` is the sentence the act prints.
 */
function outcomeView(members: readonly Member[], vote: VoteRecord) {
  if (isElection(vote)) {
    const { statement, elected } = vote.election;
    return {
      adopted: true,
      wording: statement,
      text: statement,
      castingVote: false,
      elected: elected.members.map((id) => ref(members, id)),
    };
  }
  const { adopted, wording, castingVote, required } = vote.outcome;
  return { adopted, wording, text: outcomeText(vote.outcome), castingVote, ...(required && { required }) };
}

/** An election's rounds, with the candidates named. */
function electionView(members: readonly Member[], vote: VoteRecord) {
  if (!isElection(vote)) return null;
  const { office, secret, rounds, majorityOf, elected, rule } = vote.election;
  const named = (candidate: string) =>
    members.some((m) => m.id === candidate) ? ref(members, candidate) : { id: candidate, name: `liste « ${candidate} »` };
  return {
    office,
    secret,
    majorityOf,
    rule,
    rounds: rounds.map((round) => ({ ...round, votes: round.votes.map((v) => ({ candidate: named(v.candidate), votes: v.votes })) })),
    elected: { ...named(elected.candidate), round: elected.round, votes: elected.votes, byAge: elected.byAge },
  };
}

/** The status of an act, and how the secretariat says it. */
const statusOf = (status: ActStatus) => ({ status, statusLabel: ACT_STATUS_LABELS[status] });

/** The séance; `transmissions` (by IDActe) tell how far its signed acts have gone. */
export function sessionView(state: SessionState, transmissions: ReadonlyMap<string, TransmissionRecord> = new Map()) {
  const next = state.items.find((i) => i.status === 'pending');
  return {
    sessionId: state.sessionId,
    status: state.status,
    version: state.version,
    assembly: state.assembly,
    date: state.date,
    openedAt: state.openedAt,
    closedAt: state.closedAt ?? null,
    place: state.place ?? null,
    president: ref(state.members, state.president),
    secretary: state.secretary ? ref(state.members, state.secretary) : null,
    ruleSet: { id: state.ruleSet.id, label: state.ruleSet.label },
    members: state.members,
    /** As it stands for the next item to be voted. */
    attendance: {
      forItem: next?.number ?? null,
      ...attendanceView(state.members, currentAttendance(state)),
    },
    items: state.items.map((item) => ({
      number: item.number,
      label: item.label ?? null,
      title: item.title,
      actesId: item.actesId,
      ...statusOf(actStatus(item, undefined, transmissions.get(item.actesId))),
      outcome: item.vote ? outcomeView(state.members, item.vote) : null,
    })),
  };
}

/**
 * The délibération: for an item not voted yet, the quorum it would have now (so the secretariat
 * sees whether the vote can be taken); once voted, the quorum, roll and count frozen with the vote.
 */
export function itemView(state: SessionState, item: ItemState, texts: AgendaTexts, records: ActRecords = {}) {
  const { extract, transmission, publication } = records;
  const attendance = item.vote?.attendance ?? attendanceAt(state, item.number);
  const quorum = item.vote?.quorum ?? quorumAt(state, item, attendance);
  const { inOffice, required, present, represented, voting, reached, rule, suppleants, withdrawn } = quorum;
  return {
    sessionId: state.sessionId,
    number: item.number,
    label: item.label ?? null,
    title: item.title,
    nature: item.nature,
    matiere: item.matiere ?? null,
    rapporteur: item.rapporteur ? ref(state.members, item.rapporteur) : null,
    commission: item.commission ?? null,
    policy: item.policy ?? null,
    ...statusOf(actStatus(item, extract, transmission, publication)),
    /** "Transmis en préfecture le … — publié le … — exécutoire le …", once acknowledged. */
    statusLine:
      transmission?.status === 'acknowledged'
        ? statusLine({
            receivedOn: transmission.receivedOn,
            publishedAt: publication?.publishedAt,
            executoireOn: publication?.executoireOn,
          })
        : null,
    actesId: item.actesId,
    kind: item.kind ?? 'deliberation',
    office: item.office ?? null,
    majority: item.majority ?? null,
    quorum: { inOffice, required, present, represented, voting, reached, rule, suppleants: suppleants ?? 0, withdrawn: withdrawn ?? 0 },
    attendance: attendanceView(state.members, attendance),
    vote: item.vote && !isElection(item.vote) ? { method: item.vote.method, ...item.vote.count } : null,
    election: item.vote ? electionView(state.members, item.vote) : null,
    outcome: item.vote ? outcomeView(state.members, item.vote) : null,
    signature: item.signature ? { ...item.signature, signedBy: ref(state.members, item.signature.signedBy) } : null,
    extract: extract ? extractView(state, item.number, extract) : null,
    transmission: transmission ? transmissionView(transmission) : null,
    publication: publication ? publicationView(state, publication, records.publicSiteUrl) : null,
    letters: (records.letters ?? []).map((letter) => letterView(state, item.number, letter)),
    annexes: (item.annexes ?? []).map(({ title, type, file }) => ({
      title,
      type,
      file,
      path: `/assemblies/${state.assembly.siren}/annexes/${file}`,
    })),
    visas: texts.visas ?? [],
    expose: texts.expose ?? null,
    decision: texts.decision ?? null,
  };
}

/** What the act store knows of an act, and where the public site is. */
export interface ActRecords {
  readonly extract?: ExtractRecord;
  readonly transmission?: TransmissionRecord;
  readonly publication?: PublicationClaim;
  readonly letters?: readonly LetterRecord[];
  readonly publicSiteUrl?: string;
}

/** When the act was published and came into force (L2131-1), and its page on the public site. */
function publicationView(state: SessionState, publication: PublicationClaim, publicSiteUrl: string | undefined) {
  return {
    publishedAt: publication.publishedAt,
    executoireOn: publication.executoireOn,
    url: publicSiteUrl ? `${publicSiteUrl}${hrefs.act(state.assembly.siren, publication.actesId)}` : null,
  };
}

/** Download links of the extract (API paths), the PDF's fingerprint, and the stamped copy once acknowledged. */
function extractView(state: SessionState, number: string, extract: ExtractRecord) {
  const base = `/assemblies/${state.assembly.siren}/sessions/${state.sessionId}/items/${number}/extract`;
  return {
    pdf: `${base}/pdf`,
    html: `${base}/html`,
    txt: `${base}/txt`,
    sha256: extract.sha256,
    renderedAt: extract.renderedAt,
    stamped: extract.stamped
      ? {
          pdf: `${base}/pdf?stamped=true`,
          html: `${base}/html?stamped=true`,
          txt: `${base}/txt?stamped=true`,
          sha256: extract.stamped.sha256,
        }
      : null,
  };
}

export function transmissionView(t: TransmissionRecord) {
  return {
    actesId: t.actesId,
    siren: t.siren,
    sessionId: t.sessionId,
    item: t.item,
    status: t.status,
    statusLabel: ACT_STATUS_LABELS[transmissionActStatus(t)],
    connector: t.connector,
    queuedAt: t.queuedAt,
    sentAt: t.sentAt ?? null,
    acknowledgedAt: t.acknowledgedAt ?? null,
    receivedOn: t.receivedOn ?? null,
    archive: t.archive?.name ?? null,
    ...(t.anomaly && { anomaly: t.anomaly }),
    ...(t.cancelledAt && { cancelledAt: t.cancelledAt }),
    ...(t.cancellation && { cancellation: cancellationView(t.cancellation) }),
    ...(t.reported && { reported: t.reported }),
  };
}

/** A cancellation as the secretariat follows it: asked, refused (and why), or acknowledged. */
const cancellationView = ({ sendingUntil: _sending, ...cancellation }: NonNullable<TransmissionRecord['cancellation']>) => cancellation;

/** The log; with `bodies` (the logged events by id), each entry carries its event too. */
export function eventsView(log: readonly LogEntry[], bodies?: ReadonlyMap<string, LoggedEvent>) {
  return log.map((entry) => ({
    seq: entry.seq ?? null,
    eventId: entry.eventId,
    type: entry.type,
    occurredAt: entry.occurredAt,
    status: entry.status,
    acceptedAt: entry.acceptedAt,
    postedBy: { sub: entry.postedBy.sub, role: entry.postedBy.role },
    processedAt: entry.processedAt ?? null,
    ...(entry.error && { reason: entry.error }),
    ...(bodies?.has(entry.eventId) && { event: bodies.get(entry.eventId)!.event }),
  }));
}

/** The collectivités, by name as French sorts them. */
export function assembliesView(assemblies: readonly AssemblyListing[]) {
  return {
    assemblies: [...assemblies]
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map(({ siren, name, kind, departement }) => ({ siren, name, kind, departement })),
  };
}

/** The séances of a collectivité, in the order given (newest first). */
export function sessionsView(siren: string, sessions: readonly SessionListing[]) {
  return {
    siren,
    sessions: sessions.map(({ sessionId, date, assemblyName, kind, status, items, president }) => ({
      sessionId,
      date,
      assemblyName,
      kind,
      status,
      items,
      president,
    })),
  };
}
