/**
 * The parts of the extract a vote fills: the roll at the moment of the vote (titulaires and
 * suppléants apart, proxies, withdrawals), the counts, and the result — the count and outcome of a
 * délibération, or the rounds of an election and who is elected — in the words of the acts.
 */
import { agreed, displayName, type Withdrawal } from '#domain/attendance';
import { isElection, type SessionState, type VoteRecord } from '#domain/session-state';
import { outcomeText } from '#domain/vote';
import { majorityLabel } from '#domain/wording';
import type { ElectedOffice } from '#events/election';
import type { Block } from './extract-content.ts';

type Line = Block;

/** The executive's title as the acts write it: "Président", "Présidente", "Maire", with its article. */
export function office(state: SessionState, memberId: string, article = false): string {
  const female = state.members.find((m) => m.id === memberId)?.civility === 'Mme';
  const title = state.assembly.kind === 'commune' ? 'Maire' : female ? 'Présidente' : 'Président';
  return article ? `${female ? 'La' : 'Le'} ${title}` : title;
}

/**
 * Who was present, represented, replaced, withdrawn or absent when the item was voted, and the counts;
 * for the compte administratif (`accounts`), who the assembly elected to preside its vote.
 */
export function rollLines(state: SessionState, vote: VoteRecord, accounts = false): Line[] {
  const { members } = state;
  const name = (id: string) => displayName(members, id);
  const { attendance, quorum } = vote;
  const substitutes = attendance.substitutes ?? [];
  const withdrawn = new Set((attendance.withdrawn ?? []).map((w) => w.memberId));
  const lines: Line[] = [];
  const body = (text: string) => lines.push({ style: 'body', text });
  const present = attendance.present.map((id) => {
    const sitting = substitutes.find((s) => s.memberId === id);
    return sitting ? `${name(id)} (${agreed(members, id, 'suppléant')} de ${name(sitting.titulaireId)})` : name(id);
  });
  body('Au moment du vote de la présente délibération,');
  body(`Étaient présents: ${present.join(', ')}`);
  body('Absents et pouvoirs:');
  const absents = [
    ...attendance.represented.map((r) => ({ id: r.memberId, text: `${name(r.memberId)} (pouvoir donné à ${name(r.holderId)})` })),
    ...attendance.absent.map((id) => {
      const substitute = substitutes.find((s) => s.titulaireId === id);
      const lapsed = attendance.lapsed.find((r) => r.memberId === id && withdrawn.has(r.holderId));
      if (substitute) return { id, text: `${name(id)} (${agreed(members, id, 'suppléé')} par ${name(substitute.memberId)})` };
      if (lapsed) return { id, text: `${name(id)} (pouvoir donné à ${name(lapsed.holderId)}, qui ne prend pas part au vote)` };
      return { id, text: name(id) };
    }),
  ].sort((a, b) => members.findIndex((m) => m.id === a.id) - members.findIndex((m) => m.id === b.id));
  body(absents.length > 0 ? absents.map((a) => a.text).join(', ') : 'néant');
  for (const withdrawal of attendance.withdrawn ?? []) body(withdrawalLine(state, withdrawal));
  const suppleants = quorum.suppleants ?? 0;
  const withdrawals = attendance.withdrawn ?? [];
  const attending = withdrawals.filter((w) => w.reason === 'compte_administratif' && w.wasPresent).length;
  const outOfRoom = withdrawals.filter((w) => w.reason !== 'compte_administratif').length;
  const presentCount = `${quorum.present}${
    suppleants > 0 ? ` (titulaires : ${quorum.present - suppleants}, suppléants : ${suppleants})` : ''
  }${attending > 0 ? `, dont ${attending} ${attending > 1 ? 'retirés' : 'retiré'} au moment du vote` : ''}`;
  body(
    [
      `Membres en exercice : ${quorum.inOffice}`,
      `Présents : ${presentCount}`,
      `Représentés : ${quorum.represented}`,
      ...(outOfRoom > 0 ? [`Retirés : ${outOfRoom}`] : []),
      `Votants : ${quorum.voting}`,
      quorum.basis === 'none' ? 'Quorum : sans condition, seconde réunion' : `Quorum : ${quorum.required}`,
    ].join(' — '),
  );
  if (accounts)
    body(
      `${name(vote.presiding)}, ${agreed(members, vote.presiding, 'élu')} pour présider la séance pendant ce vote, en assure la présidence.`,
    );
  else if (vote.presiding !== state.president) body(`${name(vote.presiding)} préside ce vote.`);
  return lines;
}

/** A withdrawal as the acts word it, saying whether the member had been in the room. */
function withdrawalLine(state: SessionState, { memberId, reason, wasPresent }: Withdrawal): string {
  const name = displayName(state.members, memberId);
  const agree = (word: string) => agreed(state.members, memberId, word);
  const who = memberId === state.president ? `${name}, ${office(state, memberId)}` : name;
  if (reason === 'compte_administratif')
    return wasPresent
      ? `${who}, ayant assisté au débat, s'est ${agree('retiré')} au moment du vote du compte administratif.`
      : `${who}, ${agree('absent')}, ne prend pas part au vote du compte administratif.`;
  const why = reason === 'interest' ? agree('intéressé') : `${agree('représentant')} de l'organisme concerné`;
  return `${who}, ${why}, ne prend pas part au vote${wasPresent ? ' et quitte la séance' : ''}.`;
}

/** The office an election fills, as the proclamation names it (agreed with the member's civility); none for a designation. */
const OFFICES: Partial<Record<ElectedOffice, string>> = {
  maire: 'maire',
  adjoint: 'adjoint',
  president: 'président',
  vice_president: 'vice-président',
};

/** The result: the vote line and outcome of a délibération, or the rounds of an election and who is elected. */
export function resultLines(state: SessionState, vote: VoteRecord): Line[] {
  const name = (id: string) => displayName(state.members, id);
  const method = vote.method === 'secret' ? ' (scrutin secret)' : vote.method === 'roll_call' ? ' (scrutin public)' : '';
  if (isElection(vote)) {
    const { election } = vote;
    const keys = election.candidates.map((c) => c.memberId ?? c.list!);
    const candidates = election.candidates.map((c) => (c.memberId ? name(c.memberId) : `liste « ${c.list} »`));
    const lines: Line[] = [
      { style: 'heading', text: `Élection${method} :` },
      {
        style: 'table',
        text: 'Tours de scrutin',
        head: ['Tour', 'Votants', 'Blancs', 'Nuls', 'Suffrages exprimés', 'Majorité absolue', ...candidates],
        rows: election.rounds.map((round, index) => [
          `${['Premier', 'Deuxième', 'Troisième'][index]} tour`,
          `${round.ballots}`,
          `${round.blank}`,
          `${round.null}`,
          `${round.exprimes}`,
          round.absoluteMajority === undefined ? 'relative' : `${round.absoluteMajority}`,
          ...keys.map((key) => `${round.votes.find((v) => v.candidate === key)?.votes ?? 0}`),
        ]),
      },
    ];
    lines.push({ style: 'outcome', text: `${election.statement}.` });
    const [elected] = election.elected.members;
    const title = OFFICES[election.office];
    if (title && election.elected.members.length === 1 && elected)
      lines.push({
        style: 'body',
        text: `${name(elected)} est ${agreed(state.members, elected, 'proclamé')} ${agreed(state.members, elected, title)}.`,
      });
    return lines;
  }
  const { count, outcome } = vote;
  const extra = [
    count.blankOrNull > 0 && `Blancs ou nuls : ${count.blankOrNull}`,
    count.nppv > 0 && `Ne prend pas part au vote : ${count.nppv}`,
  ]
    .filter(Boolean)
    .join(' ');
  const lines: Line[] = [
    { style: 'heading', text: `Vote${method} :` },
    { style: 'vote', text: `Pour : ${count.pour} Contre : ${count.contre} Abstention : ${count.abstention}${extra ? ` ${extra}` : ''}` },
  ];
  if (outcome.required)
    lines.push({
      style: 'body',
      text: `Majorité requise : ${majorityLabel(outcome.required)} (${outcome.required.article}), soit ${outcome.required.votes} voix.`,
    });
  if (outcome.castingVote) lines.push({ style: 'body', text: `La voix de ${name(vote.presiding)}, qui préside, étant prépondérante,` });
  lines.push({ style: 'outcome', text: `En conséquence, la délibération est ${outcomeText(outcome)}.` });
  return lines;
}
