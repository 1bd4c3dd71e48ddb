/** Published acts as the public site and the open data read them: the seed's collectivité, the fields a test does not set filled in. */
import type { PublishedAct } from '#ports/publications';

export const SIREN = '223500018';
export const ASSEMBLY = { name: "Département d'Ille-et-Vilaine", siret: '22350001800013', departement: '035' };

/** A délibération of the Département d'Ille-et-Vilaine numbered `item`, voted on `decisionDate`, published that day. */
export function published(item: string, decisionDate: string, extra: Partial<PublishedAct> = {}): PublishedAct {
  const actesId = `035-${SIREN}-${decisionDate.replaceAll('-', '')}-${item}-DE`;
  return {
    actesId,
    siren: SIREN,
    sessionId: `cd35-${decisionDate}`,
    item,
    label: item.replaceAll('_', ' '),
    title: 'Délibération',
    decisionDate,
    nature: 'DE',
    adopted: true,
    outcome: 'adoptée à la majorité',
    assembly: ASSEMBLY,
    publishedAt: `${decisionDate}T16:00:00.000Z`,
    executoireOn: decisionDate,
    documents: { pdf: `${actesId}.pdf`, html: `${actesId}.html`, txt: `${actesId}.txt` },
    sha256: 'c52c9ef4e32b472865cca14e08ad40c644b4dfb108f0a421f956d4dcf7dbc2fe',
    ...extra,
  };
}
