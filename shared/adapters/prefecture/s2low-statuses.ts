/**
 * Every status of an S²LOW transaction (S²LOW's table `actes_status`), as the state of the act it
 * means here: still in the préfecture side's hands (`sent`), acknowledged, refused, or cancelled.
 * The statuses that need a person — a transaction to confirm or to sign in S²LOW, an error to read,
 * an acknowledgement S²LOW no longer gives — say so in `attention`: the poll raises a failure record
 * for the administrators. A status S²LOW adds later is read as waiting, with attention.
 */
import { parseReturn } from '#actes/actes-xml';
import { replyOf, type PrefectureReply, type PrefectureStatus } from '#ports/prefecture';

/** The state of the act each status means. */
export type S2lowState = 'sent' | 'acknowledged' | 'refused' | 'cancelled';

export interface S2lowStatus {
  readonly label: string;
  readonly state: S2lowState;
  readonly meaning: string;
  readonly attention?: string;
}

export const S2LOW_STATUSES: Readonly<Record<string, S2lowStatus>> = {
  '-1': {
    label: 'Erreur',
    state: 'refused',
    meaning: "S²LOW ou le ministère a refusé l'acte",
    attention: "lire le message d'erreur de S²LOW, corriger l'acte et le transmettre à nouveau sous un autre numéro",
  },
  '0': { label: 'Annulé', state: 'cancelled', meaning: 'la transmission a été annulée' },
  '1': { label: 'Posté', state: 'sent', meaning: "l'acte est déposé sur S²LOW, pas encore transmis au ministère" },
  '2': { label: 'En attente de transmission', state: 'sent', meaning: "l'acte attend son tour chez S²LOW pour partir au ministère" },
  '3': { label: 'Transmis', state: 'sent', meaning: "l'acte est transmis au ministère ; l'accusé de réception est attendu" },
  '4': { label: 'Acquittement reçu', state: 'acknowledged', meaning: 'la préfecture a accusé réception de l’acte (ARActe)' },
  '5': { label: 'Validé', state: 'acknowledged', meaning: 'ancien statut : acte validé par la préfecture' },
  '6': { label: 'Refusé', state: 'refused', meaning: 'ancien statut : acte refusé par la préfecture' },
  '7': { label: 'Document reçu', state: 'acknowledged', meaning: 'un courrier de la préfecture est arrivé' },
  '8': {
    label: 'Acquittement envoyé',
    state: 'acknowledged',
    meaning: 'la collectivité a accusé réception d’un courrier de la préfecture',
  },
  '11': { label: 'Acquittement reçu (courrier)', state: 'acknowledged', meaning: 'la préfecture a accusé réception d’une réponse' },
  '12': { label: 'Envoyé au SAE', state: 'acknowledged', meaning: "l'acte part à l'archivage électronique" },
  '13': { label: 'Archivé par le SAE', state: 'acknowledged', meaning: "l'acte est archivé" },
  '14': {
    label: "Erreur lors de l'archivage",
    state: 'acknowledged',
    meaning: "l'archivage électronique de l'acte a échoué",
    attention: "relancer l'archivage de la transaction dans S²LOW",
  },
  '16': { label: 'Détruite', state: 'acknowledged', meaning: 'la transaction a été détruite chez S²LOW après son délai de conservation' },
  '17': {
    label: "En attente d'être postée",
    state: 'sent',
    meaning: "la transaction attend d'être confirmée avant de partir",
    attention: 'confirmer la transaction dans S²LOW (un certificat RGS de télétransmission est requis)',
  },
  '18': {
    label: "En attente d'être signée",
    state: 'sent',
    meaning: "la transaction attend la signature électronique de l'acte",
    attention: "signer l'acte dans S²LOW pour que la transaction parte",
  },
  '19': { label: "En attente d'envoi au SAE", state: 'acknowledged', meaning: "l'acte attend son envoi à l'archivage" },
  '20': {
    label: 'Erreur lors de l’envoi au SAE',
    state: 'acknowledged',
    meaning: "l'envoi de l'acte à l'archivage a échoué",
    attention: "relancer l'envoi au SAE dans S²LOW",
  },
  '21': {
    label: 'Document reçu (pas d’AR)',
    state: 'acknowledged',
    meaning: 'un courrier de la préfecture est arrivé, sans accusé de réception attendu',
  },
  '22': {
    label: 'Documents indisponibles pour le SAE',
    state: 'acknowledged',
    meaning: "les documents de l'acte manquent pour l'archivage",
    attention: 'vérifier les documents de la transaction dans S²LOW',
  },
};

/**
 * What a status answer (`OK\n<status>\n<flow>`) says of the act: its reply, with the status reported.
 * `flow` is the return message S²LOW adds: the ARActe for 4, the AnomalieActe or a message for -1.
 */
export function s2lowReply(code: string, flow: string): PrefectureReply {
  const known = S2LOW_STATUSES[code];
  const status: S2lowStatus = known ?? {
    label: `Statut ${code}`,
    state: 'sent',
    meaning: 'un statut que Registre ne connaît pas',
    attention: `lire la transaction dans S²LOW : son statut ${code} est inconnu de Registre`,
  };
  const reported: PrefectureStatus = {
    code,
    label: status.label,
    meaning: status.meaning,
    ...(status.attention && { attention: status.attention }),
  };
  switch (status.state) {
    case 'sent':
      return { status: 'waiting', reported };
    case 'cancelled':
      return { status: 'cancelled', detail: status.meaning, reported };
    case 'refused': {
      const anomaly = returnMessage(flow, 'AnomalieActe');
      return anomaly
        ? { ...anomaly, reported }
        : { status: 'refused', detail: flow.trim() || `S²LOW : ${status.label.toLowerCase()}`, reported };
    }
    case 'acknowledged': {
      const ar = returnMessage(flow, 'ARActe');
      if (ar) return { ...ar, reported };
      // Past status 4, S²LOW no longer joins the ARActe: a person fetches it, its dates are needed.
      return {
        status: 'waiting',
        reported: {
          ...reported,
          attention: status.attention ?? "S²LOW dit l'acte acquitté sans joindre l'ARActe : le récupérer dans S²LOW",
        },
      };
    }
  }
}

/** The ARActe or AnomalieActe at the head of the flow, if that is what it holds. */
function returnMessage(flow: string, root: 'ARActe' | 'AnomalieActe'): PrefectureReply | undefined {
  const end = flow.lastIndexOf('>');
  if (!flow.includes(root) || end < 0) return undefined;
  try {
    return replyOf(parseReturn(Buffer.from(flow.slice(0, end + 1), 'latin1')));
  } catch {
    return undefined;
  }
}
