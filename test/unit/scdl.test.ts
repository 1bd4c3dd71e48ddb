import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { CLASSIFICATION, matiereOf, scdlMatiereName } from '#actes/classification';
import { SCDL_SCHEMA as schemaJson } from '#open-data/deliberations-schema';
import { SCDL_COLUMNS, scdlCsv, scdlRow } from '#open-data/scdl';
import { published } from '../support/published-acts.ts';
import {
  customCheckErrors,
  frenchSiretValue,
  nomenclatureActesValue,
  rowValidator,
  yearIntervalValue,
  type Cells,
  type TableSchema,
} from '../support/table-schema.ts';

const schema: TableSchema = schemaJson;
const validateRow = rowValidator(schema);
const PUBLIC_URL = 'https://actes.registre.test/';
const TRICKY_TITLE = 'Désignation des représentants au "SDIS", collège des élus';

const seedAct = published('AD_2025_0043', '2025-03-20', {
  title: 'Transformation numérique et transformations des pratiques',
  matiere: '7.1',
  outcome: "adoptée à l'unanimité des suffrages exprimés",
  vote: { inOffice: 54, pour: 40, contre: 0, abstention: 14 },
  receivedOn: '2025-03-24',
  executoireOn: '2025-03-24',
});
const election = published('AD_2025_0044', '2025-03-20', {
  title: TRICKY_TITLE,
  matiere: '5.3',
  outcome: 'élection',
  receivedOn: '2025-03-24',
  executoireOn: '2025-03-24',
});
const budget = published('AD_2025_0012', '2025-02-06', {
  title: 'Budget primitif 2025',
  matiere: '7.1.2',
  vote: { inOffice: 54, pour: 36, contre: 12, abstention: 4 },
  budget: { year: '2025', name: 'Budget principal' },
  receivedOn: '2025-02-10',
  executoireOn: '2025-02-10',
});
const notTransmitted = published('AD_2025_0042', '2025-03-20', {
  title: 'Autorisation de programme des transports 2025-2026',
  matiere: '7.3',
  vote: { inOffice: 54, pour: 50, contre: 0, abstention: 0 },
  budget: { year: '2025/2026', name: 'Budget annexe des transports' },
});

const csv = scdlCsv([seedAct, election, budget, notTransmitted], PUBLIC_URL);
const rows: Cells[] = parse(csv, { columns: true });
const [header] = parse(csv, { to_line: 1 }) as string[][];
const rowOf = (item: string) => rows.find((row) => row['DELIB_ID'] === item)!;
const problems = (cells: Cells) => [...validateRow(cells), ...customCheckErrors(schema, cells)];

describe('SCDL « Délibérations » 2.1.5 export of the published acts (CGCT L2131-1)', () => {
  test('the header is the schema’s 17 field names, in the schema’s order', () => {
    const fields = schema.fields.map((field) => field.name);
    expect(fields).toHaveLength(17);
    expect([...SCDL_COLUMNS]).toEqual(fields);
    expect(header).toEqual(fields);
  });

  test('every row validates against the schema’s fields, types and constraints (Table Schema → JSON Schema, Ajv)', () => {
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(validateRow(row), `${row['DELIB_ID']}: ${validateRow(row).join('; ')}`).toEqual([]);
  });

  test('every row passes the schema’s custom checks (SIRET, budget year, cohesive, compared and summed columns, @CTES nomenclature)', () => {
    expect(schema.custom_checks?.map((check) => check.name)).toEqual([
      'french-siret-value',
      'year-interval-value',
      'cohesive-columns-value',
      'cohesive-columns-value',
      'compare-columns-value',
      'compare-columns-value',
      'compare-columns-value',
      'compare-columns-value',
      'compare-columns-value',
      'sum-columns-value',
      'nomenclature-actes-value',
    ]);
    for (const row of rows) expect(customCheckErrors(schema, row), row['DELIB_ID']).toEqual([]);
  });

  test('the seed act’s row: SIRET, @CTES matière, préfecture, reception and vote counts (VOTE_REEL = pour + contre + abstention)', () => {
    expect(rowOf('AD_2025_0043')).toEqual({
      COLL_NOM: "Département d'Ille-et-Vilaine",
      COLL_SIRET: '22350001800013',
      DELIB_ID: 'AD_2025_0043',
      DELIB_DATE: '2025-03-20',
      DELIB_MATIERE_CODE: '7.1',
      DELIB_MATIERE_NOM: 'finances locales/décisions budgétaires',
      DELIB_OBJET: 'Transformation numérique et transformations des pratiques',
      BUDGET_ANNEE: '',
      BUDGET_NOM: '',
      PREF_ID: 'PREF035',
      PREF_DATE: '2025-03-24',
      VOTE_EFFECTIF: '54',
      VOTE_REEL: '54',
      VOTE_POUR: '40',
      VOTE_CONTRE: '0',
      VOTE_ABSTENTION: '14',
      DELIB_URL: 'https://actes.registre.test/documents/223500018/035-223500018-20250320-AD_2025_0043-DE.pdf',
    });
  });

  test('rows come by DELIB_DATE, then DELIB_ID', () => {
    expect(rows.map((row) => `${row['DELIB_DATE']} ${row['DELIB_ID']}`)).toEqual([
      '2025-02-06 AD_2025_0012',
      '2025-03-20 AD_2025_0042',
      '2025-03-20 AD_2025_0043',
      '2025-03-20 AD_2025_0044',
    ]);
  });

  test('an election has no vote counts: its five VOTE columns are empty together', () => {
    const row = rowOf('AD_2025_0044');
    expect([row['VOTE_EFFECTIF'], row['VOTE_REEL'], row['VOTE_POUR'], row['VOTE_CONTRE'], row['VOTE_ABSTENTION']]).toEqual([
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(row['DELIB_MATIERE_NOM']).toBe('institutions et vie politique/désignation de représentants');
  });

  test('a budget gives BUDGET_ANNEE and BUDGET_NOM, and levels of the classification beyond 2 are cut', () => {
    expect(rowOf('AD_2025_0012')).toMatchObject({ BUDGET_ANNEE: '2025', BUDGET_NOM: 'Budget principal', DELIB_MATIERE_CODE: '7.1' });
    expect(rowOf('AD_2025_0042')).toMatchObject({ BUDGET_ANNEE: '2025/2026', PREF_DATE: '', PREF_ID: 'PREF035' });
  });

  test('the CSV is the Table Schema default dialect: UTF-8 text without BOM, comma-separated, CRLF line ends', () => {
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.startsWith(`${SCDL_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(6);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  test('a title with a comma and a double quote is quoted (RFC 4180) and reads back unchanged', () => {
    expect(csv).toContain('"Désignation des représentants au ""SDIS"", collège des élus"');
    expect(rowOf('AD_2025_0044')['DELIB_OBJET']).toBe(TRICKY_TITLE);
  });

  test('an act without SIRET or classification leaves those cells empty, which the schema refuses (required)', () => {
    const bare = scdlRow(published('AD_2025_0050', '2025-03-20', { assembly: { name: 'Commune', departement: '02A' } }), PUBLIC_URL);
    expect(bare).toMatchObject({ COLL_SIRET: '', DELIB_MATIERE_CODE: '', DELIB_MATIERE_NOM: '', PREF_ID: 'PREF02A' });
    expect(validateRow(bare).join('\n')).toMatch(/COLL_SIRET[\s\S]*DELIB_MATIERE_CODE[\s\S]*DELIB_MATIERE_NOM/);
  });
});

describe('the validator of the SCDL schema catches a broken row', () => {
  const seedRow = rowOf('AD_2025_0043');
  const budgetRow = rowOf('AD_2025_0012');
  test.each([
    ['a SIRET whose check digit is wrong', seedRow, { COLL_SIRET: '22350001800014' }, 'french-siret-value: COLL_SIRET'],
    ['a SIRET of 13 digits', seedRow, { COLL_SIRET: '2235000180001' }, '/COLL_SIRET must match pattern'],
    ['VOTE_REEL other than pour + contre + abstention', seedRow, { VOTE_REEL: '53' }, 'sum-columns-value: VOTE_REEL'],
    ['more voters than members in office', seedRow, { VOTE_EFFECTIF: '50' }, 'compare-columns-value: VOTE_EFFECTIF'],
    ['vote counts given in part', seedRow, { VOTE_EFFECTIF: '' }, 'cohesive-columns-value: VOTE_EFFECTIF'],
    ['a vote count that is not an integer', seedRow, { VOTE_POUR: 'quarante' }, '/VOTE_POUR must be integer'],
    ['PREF_DATE before DELIB_DATE', seedRow, { PREF_DATE: '2025-03-19' }, 'compare-columns-value: PREF_DATE'],
    ['a date that does not exist', seedRow, { DELIB_DATE: '2025-02-30' }, '/DELIB_DATE must match format "date"'],
    ['a matière name outside the @CTES nomenclature', seedRow, { DELIB_MATIERE_NOM: 'culture/musées' }, 'nomenclature-actes-value'],
    ['a matière code of three levels', seedRow, { DELIB_MATIERE_CODE: '7.1.2' }, '/DELIB_MATIERE_CODE must match pattern'],
    ['an empty COLL_NOM', seedRow, { COLL_NOM: '' }, '/COLL_NOM must NOT be valid'],
    ['a DELIB_URL that is not a URI', seedRow, { DELIB_URL: 'documents/acte.pdf' }, '/DELIB_URL must match format "uri"'],
    ['a budget period backwards', budgetRow, { BUDGET_ANNEE: '2026/2025' }, 'year-interval-value: BUDGET_ANNEE'],
    ['a budget year without its budget', budgetRow, { BUDGET_NOM: '' }, 'cohesive-columns-value: BUDGET_ANNEE'],
  ])('%s', (_, row, change, expected) => {
    const found = problems({ ...row, ...change });
    expect(found.join('\n')).toContain(expected);
  });

  test('the SIRET check follows INSEE: Luhn on the SIRET and its SIREN, La Poste’s establishments by the sum of their digits', () => {
    const siret = (COLL_SIRET: string) => frenchSiretValue({ COLL_SIRET }, { column: 'COLL_SIRET' }, schema);
    expect(siret('22350001800013')).toEqual([]);
    expect(siret('35600000000048')).toEqual([]);
    expect(siret('35600000000001')).toEqual([]);
    expect(siret('35600000000002')).not.toEqual([]);
    expect(siret('00000000000000')).toEqual([]);
    expect(siret('12345678900000')).not.toEqual([]);
  });

  test('the budget year is a year or a period whose second year comes after the first', () => {
    const year = (BUDGET_ANNEE: string, allow = 'yes') =>
      yearIntervalValue({ BUDGET_ANNEE }, { column: 'BUDGET_ANNEE', 'allow-year-only': allow }, schema);
    expect(year('2025')).toEqual([]);
    expect(year('2025/2026')).toEqual([]);
    expect(year('2025', 'no')).not.toEqual([]);
    expect(year('2025/2025')).not.toEqual([]);
    expect(year('25/26')).not.toEqual([]);
  });
});

describe('the @CTES classification, levels 1 and 2', () => {
  test('"7.1.2" is 7.1 « Décisions budgétaires » of « Finances locales », named "finances locales/décisions budgétaires" in the SCDL', () => {
    expect(matiereOf('7.1.2')).toEqual({ code: '7.1', label1: 'Finances locales', label2: 'Décisions budgétaires' });
    expect(scdlMatiereName('7.1.2')).toBe('finances locales/décisions budgétaires');
    expect(matiereOf('7.10')?.label2).toBe('Divers');
    expect(matiereOf('7')).toBeUndefined();
    expect(matiereOf('7.11')).toBeUndefined();
    expect(scdlMatiereName('10.1')).toBeUndefined();
  });

  test('every level-1 code 1 to 9 has its label and level-2 labels', () => {
    expect(CLASSIFICATION.map((level1) => level1.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const level1 of CLASSIFICATION) {
      expect(level1.label.trim(), level1.code).not.toBe('');
      expect(level1.matieres.length, level1.code).toBeGreaterThan(0);
      for (const level2 of level1.matieres) {
        expect(level2.code.startsWith(`${level1.code}.`), level2.code).toBe(true);
        expect(level2.label.trim(), level2.code).not.toBe('');
      }
    }
    expect(CLASSIFICATION.find((level1) => level1.code === '6')?.label).toBe('Libertés publiques et pouvoirs de police');
  });

  test('the level-2 codes are those the SCDL schema allows: 1.1–1.7, 2.1–2.3, 3.1–3.6, 4.1–4.5, 5.1–5.8, 6.1–6.5, 7.1–7.10, 8.1–8.9, 9.1–9.4', () => {
    const last = [7, 3, 6, 5, 8, 5, 10, 9, 4];
    const expected = last.flatMap((count, i) => Array.from({ length: count }, (_, j) => `${i + 1}.${j + 1}`));
    expect(CLASSIFICATION.flatMap((level1) => level1.matieres.map((level2) => level2.code))).toEqual(expected);
  });

  test('every SCDL matière name is lowercase, without comma or parenthesis, and passes the nomenclature-actes-value check', () => {
    for (const { code } of CLASSIFICATION.flatMap((level1) => level1.matieres)) {
      const name = scdlMatiereName(code)!;
      expect(name, code).toBe(name.toLocaleLowerCase('fr'));
      expect(name, code).not.toMatch(/[,()]/);
      expect(nomenclatureActesValue({ DELIB_MATIERE_NOM: name }, { column: 'DELIB_MATIERE_NOM' }, schema), code).toEqual([]);
    }
    expect(scdlMatiereName('7.9')).toBe('finances locales/prise de participation sem etc.');
  });
});
