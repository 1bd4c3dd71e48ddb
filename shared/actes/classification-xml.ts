/**
 * The classification exchange of @CTES: the collectivité asks (DemandeClassification, 7-1, with the
 * date of the classification it holds), the préfecture answers with its classification
 * (RetourClassification, 7-2: the natures of acts with the piece types each allows, and the tree of
 * matières, five levels at most, dated by DateClassification) or says the one held is current
 * (ReponseClassificationSansChangement, 7-3).
 */
import type { Classification } from '#ports/classifications';
import { ACTES_NS, latin1, parseXml, root, verbatim, type Element } from './actes-xml.ts';

export type { Classification } from '#ports/classifications';

export type ClassificationAnswer =
  { readonly status: 'changed'; readonly classification: Classification } | { readonly status: 'unchanged'; readonly date: string };

/** The file name of a classification message: the act's fields are empty, `DDD-SIREN----7-1_0.xml`. */
export const classificationFileName = (departement: string, siren: string, code: '7-1' | '7-2' | '7-3') =>
  `${departement}-${siren}----${code}_0.xml`;
export const CLASSIFICATION_FILE_NAME = /^[09]\d[0-9AB]-\d{9}----7-([123])_0\.xml$/;

export function demandeClassificationXml(held?: string): Buffer {
  const element = root('DemandeClassification');
  if (held) element.ele(ACTES_NS, 'actes:DateClassification').txt(held);
  return latin1(element.end({ prettyPrint: true }));
}

export function reponseSansChangementXml(date: string): Buffer {
  const element = root('ReponseClassificationSansChangement');
  element.ele(ACTES_NS, 'actes:DateClassification').txt(date);
  return latin1(element.end({ prettyPrint: true }));
}

export function retourClassificationXml(classification: Classification): Buffer {
  const element = root('RetourClassification');
  element.ele(ACTES_NS, 'actes:DateClassification').txt(classification.date);
  const natures = element.ele(ACTES_NS, 'actes:NaturesActes');
  for (const nature of classification.natures) {
    const entry = natures
      .ele(ACTES_NS, 'actes:NatureActe')
      .att(ACTES_NS, 'actes:CodeNatureActe', String(nature.code))
      .att(ACTES_NS, 'actes:Libelle', verbatim(nature.label))
      .att(ACTES_NS, 'actes:TypeAbrege', nature.abbreviation);
    for (const type of nature.pieceTypes)
      entry
        .ele(ACTES_NS, 'actes:TypePJNatureActe')
        .att(ACTES_NS, 'actes:CodeTypePJ', type.code)
        .att(ACTES_NS, 'actes:Libelle', verbatim(type.label));
  }
  const matieres = element.ele(ACTES_NS, 'actes:Matieres');
  const byParent = (parent: string) => classification.matieres.filter((m) => m.code.split('.').slice(0, -1).join('.') === parent);
  const write = (parent: Element, level: number, code: string) => {
    for (const matiere of byParent(code)) {
      const child = parent
        .ele(ACTES_NS, `actes:Matiere${level}`)
        .att(ACTES_NS, 'actes:CodeMatiere', matiere.code.split('.').at(-1)!)
        .att(ACTES_NS, 'actes:Libelle', verbatim(matiere.label));
      if (level < 5) write(child, level + 1, matiere.code);
    }
  };
  write(matieres, 1, '');
  return latin1(element.end({ prettyPrint: true }));
}

/** Reads the préfecture's answer to a DemandeClassification: its classification, or that the one held is current. */
export function parseClassificationAnswer(bytes: Uint8Array): ClassificationAnswer {
  const doc = parseXml(bytes);
  const unchanged = doc.ReponseClassificationSansChangement as Record<string, unknown> | undefined;
  if (unchanged) return { status: 'unchanged', date: String(unchanged.DateClassification) };
  const retour = doc.RetourClassification as Record<string, any> | undefined;
  if (!retour)
    throw new Error(
      `not an @CTES classification: ${
        Object.keys(doc)
          .filter((k) => !k.startsWith('?'))
          .join(', ') || 'empty'
      }`,
    );
  const list = (value: unknown): Record<string, any>[] => [value ?? []].flat() as Record<string, any>[];
  const matieres: { code: string; label: string }[] = [];
  const read = (nodes: unknown, level: number, prefix: string) => {
    for (const node of list(nodes)) {
      const code = `${prefix}${String(node['@CodeMatiere'])}`;
      matieres.push({ code, label: String(node['@Libelle']) });
      if (level < 5) read(node[`Matiere${level + 1}`], level + 1, `${code}.`);
    }
  };
  read(retour.Matieres?.Matiere1, 1, '');
  return {
    status: 'changed',
    classification: {
      date: String(retour.DateClassification),
      natures: list(retour.NaturesActes?.NatureActe).map((nature) => ({
        code: Number(nature['@CodeNatureActe']),
        abbreviation: String(nature['@TypeAbrege']),
        label: String(nature['@Libelle']),
        pieceTypes: list(nature.TypePJNatureActe).map((type) => ({ code: String(type['@CodeTypePJ']), label: String(type['@Libelle']) })),
      })),
      matieres,
    },
  };
}
