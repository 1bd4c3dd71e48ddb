/**
 * A Frictionless Table Schema as tests read it: turned mechanically into a JSON Schema for one CSV row,
 * validated by Ajv, and the custom checks the schema lists (those of Validata, the validator of
 * schema.data.gouv.fr) implemented from what their names and parameters say. Written for the SCDL
 * « Délibérations » schema; anything it does not know (a type, a format, a constraint, a check) is
 * refused rather than skipped, so a schema that needs more fails loudly.
 */
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** A field of a Table Schema, as far as these tests use it. */
export interface TableField {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly constraints?: Readonly<Record<string, unknown>>;
}

/** A Validata custom check: its name and parameters. */
export interface CustomCheck {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A Table Schema: its fields in column order, its missing values and its custom checks. */
export interface TableSchema {
  readonly fields: readonly TableField[];
  readonly missingValues?: readonly string[];
  readonly custom_checks?: readonly CustomCheck[];
}

/** One CSV row, by column name, as parsed: every cell is text. */
export type Cells = Readonly<Record<string, string>>;

const missingValuesOf = (schema: TableSchema) => schema.missingValues ?? [''];

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const YEAR = /^\d{4}$/;

function typeSchema(field: TableField): SchemaObject {
  const format = field.format ?? 'default';
  switch (field.type) {
    case 'string':
      if (format === 'default') return { type: 'string' };
      if (format === 'uri' || format === 'email' || format === 'uuid') return { type: 'string', format };
      break;
    case 'date':
      if (format === 'default') return { type: 'string', format: 'date' };
      break;
    case 'integer':
    case 'year':
      if (format === 'default') return { type: 'integer' };
      break;
    case 'number':
      if (format === 'default') return { type: 'number' };
      break;
  }
  throw new Error(`field ${field.name}: type ${field.type} with format ${format} is not supported`);
}

function constraintKeywords(field: TableField): SchemaObject {
  const keywords: SchemaObject = {};
  for (const [name, value] of Object.entries(field.constraints ?? {})) {
    switch (name) {
      case 'required':
        break;
      case 'pattern':
        keywords['pattern'] = `^(?:${String(value)})$`;
        break;
      case 'enum':
      case 'minimum':
      case 'maximum':
      case 'minLength':
      case 'maxLength':
        keywords[name] = value;
        break;
      default:
        throw new Error(`field ${field.name}: constraint ${name} is not supported`);
    }
  }
  return keywords;
}

const isRequired = (field: TableField) => field.constraints?.['required'] === true;

/**
 * The JSON Schema of one row of `schema` once cast by `castRow`: an object with one property per
 * field, of the field's type (a date as a string of format date, a year as an integer), with its
 * constraints; a required field may not hold a missing value, any other field may be left empty.
 */
export function rowJsonSchema(schema: TableSchema): SchemaObject {
  const missing = missingValuesOf(schema);
  const properties: Record<string, SchemaObject> = {};
  for (const field of schema.fields) {
    const value = { ...typeSchema(field), ...constraintKeywords(field) };
    properties[field.name] = isRequired(field) ? { ...value, not: { enum: [...missing] } } : { if: { enum: [...missing] }, else: value };
  }
  return {
    type: 'object',
    properties,
    required: schema.fields.map((field) => field.name),
    additionalProperties: false,
  };
}

/**
 * The cells of a row as Table Schema reads them: an integer, number or year field written as a number
 * becomes one; anything else, a missing value included, stays the text it was, for the JSON Schema to
 * judge.
 */
export function castRow(schema: TableSchema, cells: Cells): Record<string, unknown> {
  const missing = missingValuesOf(schema);
  const row: Record<string, unknown> = { ...cells };
  for (const field of schema.fields) {
    const cell = cells[field.name];
    if (cell === undefined || missing.includes(cell)) continue;
    if (
      (field.type === 'integer' && INTEGER.test(cell)) ||
      (field.type === 'number' && NUMBER.test(cell)) ||
      (field.type === 'year' && YEAR.test(cell))
    )
      row[field.name] = Number(cell);
  }
  return row;
}

const addFormats = addFormatsModule.default;

const describe = (error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;

/** A validator of rows of `schema`: the Ajv errors of a row once cast, as readable lines (none when it is valid). */
export function rowValidator(schema: TableSchema): (cells: Cells) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile(rowJsonSchema(schema));
  return (cells) => (validate(castRow(schema, cells)) ? [] : (validate.errors ?? []).map(describe));
}

/** A custom check: the problems it finds in one row (none when the row passes). */
export type CustomCheckFunction = (cells: Cells, params: CustomCheck['params'], schema: TableSchema) => string[];

function columnParam(params: CustomCheck['params'], name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`custom check parameter ${name} must be a column name`);
  return value;
}

function columnsParam(params: CustomCheck['params'], name: string): string[] {
  const value = params[name];
  if (!Array.isArray(value) || !value.every((column) => typeof column === 'string'))
    throw new Error(`custom check parameter ${name} must be a list of column names`);
  return value;
}

function cellOf(cells: Cells, column: string): string {
  const cell = cells[column];
  if (cell === undefined) throw new Error(`column ${column} is missing`);
  return cell;
}

const isEmpty = (cell: string, schema: TableSchema) => missingValuesOf(schema).includes(cell);

const luhn = (digits: string) =>
  [...digits]
    .map(Number)
    .reverse()
    .reduce((sum, digit, i) => sum + (i % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit), 0) %
    10 ===
  0;

/**
 * french-siret-value: the cell is a SIRET, 14 digits whose last checks the whole by Luhn, and whose
 * SIREN (the first 9) checks by Luhn too; La Poste's establishments (SIREN 356000000, its head office
 * 35600000000048 aside) are numbered so that the sum of their digits is a multiple of 5.
 */
export const frenchSiretValue: CustomCheckFunction = (cells, params, schema) => {
  const column = columnParam(params, 'column');
  const siret = cellOf(cells, column);
  if (isEmpty(siret, schema)) return [];
  const problem = `french-siret-value: ${column} ${JSON.stringify(siret)} is not a valid SIRET`;
  if (!/^\d{14}$/.test(siret)) return [problem];
  const laPoste = siret.startsWith('356000000') && siret !== '35600000000048';
  const checks = laPoste ? [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0 : luhn(siret);
  return checks && luhn(siret.slice(0, 9)) ? [] : [problem];
};

/**
 * year-interval-value: the cell is a period "AAAA/AAAA" whose second year is after the first, or,
 * with `allow-year-only` set to "yes" or "true", a single year "AAAA".
 */
export const yearIntervalValue: CustomCheckFunction = (cells, params, schema) => {
  const column = columnParam(params, 'column');
  const value = cellOf(cells, column);
  if (isEmpty(value, schema)) return [];
  const allowYearOnly = ['yes', 'true'].includes(String(params['allow-year-only'] ?? 'false'));
  const interval = /^(\d{4})\/(\d{4})$/.exec(value);
  if (!interval) {
    if (allowYearOnly && /^\d{4}$/.test(value)) return [];
    return [
      `year-interval-value: ${column} ${JSON.stringify(value)} is not ${allowYearOnly ? 'a year (AAAA) or ' : ''}a period (AAAA/AAAA)`,
    ];
  }
  const [first, second] = [Number(interval[1]), Number(interval[2])];
  if (first === second) return [`year-interval-value: ${column} ${JSON.stringify(value)}: the two years must differ`];
  if (first > second) return [`year-interval-value: ${column} ${JSON.stringify(value)}: the second year must come after the first`];
  return [];
};

/** cohesive-columns-value: `column` and every one of `othercolumns` are all filled in, or all empty. */
export const cohesiveColumnsValue: CustomCheckFunction = (cells, params, schema) => {
  const columns = [columnParam(params, 'column'), ...columnsParam(params, 'othercolumns')];
  const filled = columns.map((column) => !isEmpty(cellOf(cells, column), schema));
  if (filled.every(Boolean) || !filled.some(Boolean)) return [];
  return [`cohesive-columns-value: ${columns.join(', ')} must all hold a value or all be empty`];
};

/** A cell as its field's type reads it; undefined when it is not of that type, which the row's validation reports. */
function typedValue(schema: TableSchema, column: string, cell: string): number | string | undefined {
  const type = schema.fields.find((field) => field.name === column)?.type;
  if (type === 'integer' || type === 'number' || type === 'year') return NUMBER.test(cell) ? Number(cell) : undefined;
  return cell;
}

const COMPARISONS: Readonly<Record<string, (a: number | string, b: number | string) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

/**
 * compare-columns-value: `column` `op` `column2` (op among <, <=, ==, >=, >), compared as the fields'
 * types read them (numbers as numbers, ISO dates in their text order); skipped when either is empty
 * or not of its field's type.
 */
export const compareColumnsValue: CustomCheckFunction = (cells, params, schema) => {
  const [column, column2] = [columnParam(params, 'column'), columnParam(params, 'column2')];
  const op = String(params['op']);
  const compare = COMPARISONS[op];
  if (!compare) throw new Error(`compare-columns-value: operator ${op} is not supported`);
  const [a, b] = [cellOf(cells, column), cellOf(cells, column2)];
  if (isEmpty(a, schema) || isEmpty(b, schema)) return [];
  const [left, right] = [typedValue(schema, column, a), typedValue(schema, column2, b)];
  if (left === undefined || right === undefined || compare(left, right)) return [];
  return [`compare-columns-value: ${column} (${a}) must be ${op} ${column2} (${b})`];
};

/** sum-columns-value: `column` equals the sum of `columns`; skipped when any of them is empty or not a number. */
export const sumColumnsValue: CustomCheckFunction = (cells, params, schema) => {
  const column = columnParam(params, 'column');
  const columns = columnsParam(params, 'columns');
  const cellsOf = [column, ...columns].map((name) => cellOf(cells, name));
  if (cellsOf.some((cell) => isEmpty(cell, schema))) return [];
  const [value, ...terms] = [column, ...columns].map((name) => typedValue(schema, name, cellOf(cells, name)));
  if (typeof value !== 'number' || !terms.every((term) => typeof term === 'number')) return [];
  const total = terms.reduce((sum, term) => sum + term, 0);
  return value === total ? [] : [`sum-columns-value: ${column} (${value}) must be the sum of ${columns.join(' + ')} (${total})`];
};

/** The level-1 labels of the @CTES nomenclature that may open a DELIB_MATIERE_NOM, as Validata lists them. */
const ACTES_LEVEL_1 = [
  'Commande publique',
  'Urbanisme',
  'Domaine et patrimoine',
  'Fonction publique',
  'Institutions et vie politique',
  'Libertés publiques et pouvoirs de police',
  'Finances locales',
  'Domaines de compétences par thèmes',
  'Autres domaines de compétences',
];

const folded = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');

const FOLDED_LEVEL_1 = new Set(ACTES_LEVEL_1.map(folded));

/**
 * nomenclature-actes-value: the cell is an @CTES matière name, a level-1 label of the nomenclature
 * (whatever its case and accents) then "/" and the rest, with no space on either side of that slash.
 */
export const nomenclatureActesValue: CustomCheckFunction = (cells, params, schema) => {
  const column = columnParam(params, 'column');
  const value = cellOf(cells, column);
  if (isEmpty(value, schema)) return [];
  const problem = (note: string) => [`nomenclature-actes-value: ${column} ${JSON.stringify(value)}: ${note}`];
  const slash = value.indexOf('/');
  if (slash < 0) return problem('the slash "/" is missing');
  const prefix = value.slice(0, slash);
  if (FOLDED_LEVEL_1.has(folded(prefix)) && !value.includes('/ ')) return [];
  if (FOLDED_LEVEL_1.has(folded(prefix.trimEnd())) || value.includes('/ ')) return problem('no space may come before or after the slash');
  return problem(`the @CTES prefix ${JSON.stringify(prefix)} is not a level-1 label of the nomenclature`);
};

/** The custom checks these tests implement, by the name a Table Schema gives them. */
export const CUSTOM_CHECKS: Readonly<Record<string, CustomCheckFunction>> = {
  'french-siret-value': frenchSiretValue,
  'year-interval-value': yearIntervalValue,
  'cohesive-columns-value': cohesiveColumnsValue,
  'compare-columns-value': compareColumnsValue,
  'sum-columns-value': sumColumnsValue,
  'nomenclature-actes-value': nomenclatureActesValue,
};

/** The problems every custom check of `schema` finds in one row; a check it does not know is an error. */
export function customCheckErrors(schema: TableSchema, cells: Cells): string[] {
  return (schema.custom_checks ?? []).flatMap((check) => {
    const run = CUSTOM_CHECKS[check.name];
    if (!run) throw new Error(`custom check ${check.name} is not implemented`);
    return run(cells, check.params, schema);
  });
}
