/**
 * How this deployment reaches the préfecture, from the environment:
 * - `PREFECTURE_CONNECTOR`: `actes` (the @CTES archive pushed to `ACTES_ENDPOINT`) or `s2low`
 *   (the S²LOW API at `S2LOW_URL`, with `S2LOW_LOGIN`, `S2LOW_PASSWORD`, and the TLS client
 *   certificate `S2LOW_CERT`, `S2LOW_KEY`, `S2LOW_KEY_PASSPHRASE`, `S2LOW_CA` as PEM text — or,
 *   on AWS, these read at start from the Secrets Manager secret `S2LOW_SECRET_ARN` names, as JSON
 *   `{"password", "cert", "key", "passphrase", "ca"}`);
 * - the envelope: `ACTES_OPERATOR` (three letters), `ACTES_COLLECTIVITE_NATURE` (two digits, from the
 *   convention with the préfecture), `ACTES_ARRONDISSEMENT`, `ACTES_RETURN_EMAILS` (comma-separated),
 *   `ACTES_CLASSIFICATION_DATE` (the classification version the acts refer to).
 */
import * as z from 'zod';
import { actesConnector } from '#adapters/prefecture/actes-connector';
import { s2lowConnector } from '#adapters/prefecture/s2low-connector';
import type { PrefectureConnector } from '#ports/prefecture';
import { readEnv } from './env.ts';

const Settings = z.discriminatedUnion('PREFECTURE_CONNECTOR', [
  z.object({ PREFECTURE_CONNECTOR: z.literal('actes'), ACTES_ENDPOINT: z.url() }),
  z.object({
    PREFECTURE_CONNECTOR: z.literal('s2low'),
    S2LOW_URL: z.url(),
    S2LOW_LOGIN: z.string().optional(),
    S2LOW_PASSWORD: z.string().optional(),
    S2LOW_CERT: z.string().optional(),
    S2LOW_KEY: z.string().optional(),
    S2LOW_KEY_PASSPHRASE: z.string().optional(),
    S2LOW_CA: z.string().optional(),
    S2LOW_SECRET_ARN: z.string().optional(),
  }),
]);

const S2lowSecret = z.object({
  password: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  passphrase: z.string().optional(),
  ca: z.string().optional(),
});

export interface EnvelopeSettings {
  /** Three-letter code of the transmission operator, first part of the archive name. */
  readonly operator: string;
  readonly natureCollectivite: string;
  readonly defaultArrondissement: string;
  readonly returnEmails: readonly string[];
  /** Version date of the préfecture's classification the acts refer to. */
  readonly classificationDate: string;
}

const Envelope = z.object({
  ACTES_OPERATOR: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be three letters')
    .default('reg'),
  ACTES_COLLECTIVITE_NATURE: z
    .string()
    .regex(/^\d{2}$/, 'must be two digits')
    .default('00'),
  ACTES_ARRONDISSEMENT: z.string().regex(/^\d$/, 'must be one digit').default('1'),
  ACTES_RETURN_EMAILS: z.string().default('actes@registre.test'),
  ACTES_CLASSIFICATION_DATE: z.iso.date().default('2025-01-01'),
});

/** The connector of this deployment; for S²LOW, its credentials are read once, at start. */
export async function prefectureConnector(env: NodeJS.ProcessEnv = process.env): Promise<PrefectureConnector> {
  const settings = readEnv(Settings, env);
  if (settings.PREFECTURE_CONNECTOR === 'actes') return actesConnector(settings.ACTES_ENDPOINT);
  const stored = settings.S2LOW_SECRET_ARN ? await readSecret(settings.S2LOW_SECRET_ARN) : {};
  return s2lowConnector({
    url: settings.S2LOW_URL,
    login: settings.S2LOW_LOGIN,
    password: stored.password ?? settings.S2LOW_PASSWORD,
    cert: stored.cert ?? settings.S2LOW_CERT,
    key: stored.key ?? settings.S2LOW_KEY,
    passphrase: stored.passphrase ?? settings.S2LOW_KEY_PASSPHRASE,
    ca: stored.ca ?? settings.S2LOW_CA,
  });
}

/**
 * The S²LOW credentials kept in Secrets Manager, read with Powertools Parameters (cached five minutes
 * per container). The deployment creates the secret as a JSON template whose fields are empty: an
 * empty field counts as unset, and a template nobody filled in stops the function with a line saying so.
 */
async function readSecret(arn: string): Promise<z.infer<typeof S2lowSecret>> {
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const stored = S2lowSecret.safeParse(await getSecret(arn, { transform: 'json', maxAge: 300 }));
  if (!stored.success) throw new Error(`the S²LOW secret ${arn} must be JSON {"password", "cert", "key", "passphrase", "ca"} (strings)`);
  const filled = Object.fromEntries(Object.entries(stored.data).filter(([, value]) => value !== '')) as z.infer<typeof S2lowSecret>;
  if (!filled.password && !(filled.cert && filled.key))
    throw new Error(`the S²LOW secret ${arn} is not filled in: set "password", or "cert" and "key" (PEM)`);
  return filled;
}

export function envelopeSettings(env: NodeJS.ProcessEnv = process.env): EnvelopeSettings {
  const e = readEnv(Envelope, env);
  return {
    operator: e.ACTES_OPERATOR,
    natureCollectivite: e.ACTES_COLLECTIVITE_NATURE,
    defaultArrondissement: e.ACTES_ARRONDISSEMENT,
    returnEmails: e.ACTES_RETURN_EMAILS.split(',').map((s) => s.trim()),
    classificationDate: e.ACTES_CLASSIFICATION_DATE,
  };
}
