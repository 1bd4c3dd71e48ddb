/**
 * How this deployment reaches the préfecture, from the environment:
 * - `PREFECTURE_CONNECTOR`: `actes` (the @CTES archive pushed to `ACTES_ENDPOINT`) or `s2low`
 *   (the S²LOW API at `S2LOW_URL`, with `S2LOW_LOGIN`, `S2LOW_PASSWORD`, and the TLS client
 *   certificate `S2LOW_CERT`, `S2LOW_KEY`, `S2LOW_KEY_PASSPHRASE`, `S2LOW_CA` as PEM text);
 * - the envelope: `ACTES_OPERATOR` (three letters), `ACTES_COLLECTIVITE_NATURE` (two digits, from the
 *   convention with the préfecture), `ACTES_ARRONDISSEMENT`, `ACTES_RETURN_EMAILS` (comma-separated),
 *   `ACTES_CLASSIFICATION_DATE` (the classification version the acts refer to).
 */
import { z } from 'zod';
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
  }),
]);

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

export function prefectureConnector(env: NodeJS.ProcessEnv = process.env): PrefectureConnector {
  const settings = readEnv(Settings, env);
  if (settings.PREFECTURE_CONNECTOR === 'actes') return actesConnector(settings.ACTES_ENDPOINT);
  return s2lowConnector({
    url: settings.S2LOW_URL,
    login: settings.S2LOW_LOGIN,
    password: settings.S2LOW_PASSWORD,
    cert: settings.S2LOW_CERT,
    key: settings.S2LOW_KEY,
    passphrase: settings.S2LOW_KEY_PASSPHRASE,
    ca: settings.S2LOW_CA,
  });
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
