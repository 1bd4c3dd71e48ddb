/**
 * An agenda against the préfecture's classification, once one is kept: each item's matière must be
 * a code of it (at any of its five levels, "7.1" or "7.1.2"), and each annex's piece type one the
 * nature of the act allows (TypePJNatureActe). A refusal names the code and the classification's
 * date, for the secretariat to see which version said no.
 */
import type { AgendaItem } from '#events/session-events';
import type { Classification } from '#ports/classifications';
import { NATURES } from './act-identity.ts';
import { reject, type DomainError } from './errors.ts';

const RULE = '@CTES classification';

export function classificationRefusals(items: readonly AgendaItem[], classification: Classification): DomainError[] {
  const codes = new Set(classification.matieres.map((m) => m.code));
  const refusals: DomainError[] = [];
  const day = classification.date.split('-').reverse().join('/');
  items.forEach((item, index) => {
    if (item.matiere !== undefined && !codes.has(item.matiere))
      refusals.push(
        reject(
          'UNKNOWN_MATIERE',
          {
            fr: `la matière « ${item.matiere} » n'est pas dans la classification de la préfecture du ${day}`,
            en: `matière "${item.matiere}" is not in the préfecture's classification of ${classification.date}`,
          },
          { rule: RULE, field: `payload.items[${index}].matiere`, item: item.number },
        ).error,
      );
    const nature = classification.natures.find((n) => n.code === NATURES[item.nature].code);
    const allowed = new Set(nature?.pieceTypes.map((t) => t.code) ?? []);
    (item.annexes ?? []).forEach((annex, position) => {
      if (nature && !allowed.has(annex.type))
        refusals.push(
          reject(
            'UNKNOWN_PIECE_TYPE',
            {
              fr: `la pièce « ${annex.type} » n'est pas un type permis aux actes de nature ${item.nature} par la classification de la préfecture du ${day} (${[...allowed].join(', ')})`,
              en: `piece type "${annex.type}" is not one the préfecture's classification of ${classification.date} allows for nature ${item.nature} (${[...allowed].join(', ')})`,
            },
            { rule: RULE, field: `payload.items[${index}].annexes[${position}].type`, item: item.number },
          ).error,
        );
    });
  });
  return refusals;
}
