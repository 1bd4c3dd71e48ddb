/**
 * The part of the S²LOW API (Libriciel's tiers de télétransmission) Registre's `s2low` connector
 * uses, as the simulator plays it: `actes_transac_create.php` (a multipart form in ISO-8859-1,
 * answered `OK\n<transaction>` or `KO\n<message>`, with S²LOW's own messages) and
 * `actes_transac_get_status.php` (`OK\n<status>\n<return flow>`: 3 while the answer is awaited, 4
 * with the ARActe, -1 with the AnomalieActe). Accounts authenticate with HTTP Basic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Busboy from 'busboy';
import { isPdf } from '#actes/actes-archive';
import { annexExtension } from '#acts/annexes';
import { acteXml, type ActeMessage } from '#actes/actes-xml';
import { NATURES } from '#domain/act-identity';
import { NUMERO_INTERNE_PATTERN, type NatureAbbreviation } from '#events/vocabulary';
import { parisDate } from '#extract/french';
import type { ReceivedActe } from './check-archive.ts';
import { classificationMessage } from './classification.ts';
import type { Inbox, InboxEntry } from './inbox.ts';
import type { Faults } from './simulator.ts';
import type { XsdValidator } from './xsd.ts';

/** An S²LOW account: its authority (SIREN, département) is what S²LOW's settings give it. */
export interface S2lowAccount {
  readonly password: string;
  readonly siren: string;
  readonly departement: string;
}

export interface S2lowContext {
  readonly inbox: Inbox;
  readonly accounts: Readonly<Record<string, S2lowAccount>>;
  readonly xsd: XsdValidator;
  readonly classificationDate: string;
  readonly now: () => Date;
  readonly faults: () => Faults;
  /** Records the préfecture's answer to an act, once (shared with the @CTES endpoint). */
  readonly answer: (
    received: ReceivedActe,
    channel: 's2low',
    refusal?: { nature: string; detail: string },
    extra?: Partial<InboxEntry>,
  ) => Promise<InboxEntry | undefined>;
  readonly answered: (entry: InboxEntry) => boolean;
}

export function s2lowApi(context: S2lowContext) {
  async function create(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const account = s2lowAccount(request, context.accounts);
    if (!account) return text(response, "KO\nÉchec de l'authentification\n");
    const form = await readForm(request);
    const field = (name: string) => form.fields.get(name) ?? '';
    const pdf = form.files.get('acte_pdf_file')?.[0]?.bytes;
    const attachments = form.files.get('acte_attachments[]') ?? [];
    const types = form.lists.get('type_pj[]') ?? [];
    const nature = Object.entries(NATURES).find(([, n]) => String(n.code) === field('nature_code'))?.[0] as NatureAbbreviation | undefined;
    const problem =
      (field('api') !== '1' && 'api=1 est attendu') ||
      (!NUMERO_INTERNE_PATTERN.test(field('number')) && "Le numéro n'est pas correct") ||
      (!/^\d{4}-\d{2}-\d{2}$/.test(field('decision_date')) && "La date de décision n'est pas correcte") ||
      (field('decision_date') > parisDate(context.now()) && 'La date de décision est une date dans le futur') ||
      (!/^\d+$/.test(field('classif1')) || !/^\d+$/.test(field('classif2'))
        ? 'Les deux premiers niveaux de classification sont obligatoires.'
        : undefined) ||
      (!nature && "Nature de l'acte inconnue") ||
      (!pdf && "Aucun fichier acte n'a été posté ") ||
      (field('type_acte').length !== 5 && 'typologie absente') ||
      (attachments.length !== types.length && "Le nombre de types de pièces jointes ne correspond pas au nombre d'annexes") ||
      (types.some((type) => !/^\d{2}_[A-Z]{2}$/.test(type)) && 'Typologie de pièce jointe incorrecte') ||
      (attachments.some((a) => !annexExtension(a.bytes)) && 'Le format des annexes doit être PDF, PNG ou JPEG') ||
      (field('subject').length === 0 || field('subject').length > 499 ? "L'objet doit compter de 1 à 499 caractères" : undefined);
    if (problem) return text(response, `KO\n${problem}\n`);
    const idActe = `${account.departement}-${account.siren}-${field('decision_date').replaceAll('-', '')}-${field('number')}-${nature}`;
    if (context.inbox.get(idActe))
      return text(
        response,
        'KO\nUn acte portant le même numéro interne existe déjà dans la base de données.\nIl faut peut-être ajouter un suffixe au numéro.\n',
      );
    const documentFile = `${field('type_acte')}-${idActe}-1-1_1.pdf`;
    const annexes = attachments.map((attachment, index) => ({
      name: `${types[index]}-${idActe}-1-1_${index + 2}.${annexExtension(attachment.bytes)}`,
      bytes: attachment.bytes,
    }));
    const acte: ActeMessage = {
      date: field('decision_date'),
      numeroInterne: field('number'),
      codeNature: NATURES[nature!].code,
      matieres: [1, 2, 3, 4, 5]
        .map((i) => field(`classif${i}`))
        .filter(Boolean)
        .map(Number),
      objet: field('subject'),
      classificationDate: context.classificationDate,
      documentFile,
      annexFiles: annexes.map((annex) => annex.name),
    };
    const errors = await context.xsd(`${idActe}-1-1_0.xml`, acteXml(acte));
    if (errors.length > 0) return text(response, `KO\n${errors.join('; ')}\n`);
    const pdfOk = isPdf(pdf!);
    const transaction = context.inbox.nextTransaction();
    const received: ReceivedActe = { idActe, siren: account.siren, acte, documents: [{ name: documentFile, bytes: pdf! }, ...annexes] };
    await context.answer(
      received,
      's2low',
      pdfOk ? (context.faults().refuse ?? undefined) : { nature: '004', detail: `${documentFile} is not a PDF` },
      {
        transaction,
      },
    );
    text(response, `OK\n${transaction}\n\n`);
  }

  function status(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const account = s2lowAccount(request, context.accounts);
    if (!account) return text(response, "KO\nÉchec de l'authentification");
    const entry = context.inbox.byTransaction(url.searchParams.get('transaction') ?? '');
    if (!entry) return text(response, 'KO\nNuméro de transaction invalide.');
    if (entry.siren !== account.siren) return text(response, 'KO\nAccès refusé');
    const forced = context.faults().s2lowStatus;
    if (forced !== null) return text(response, `OK\n${forced}\n`);
    if (entry.cancelledOn) return text(response, 'OK\n0\n');
    if (!context.answered(entry)) return text(response, 'OK\n3\n');
    if (entry.status === 'acknowledged') return text(response, `OK\n4\n${entry.reply}`);
    text(response, `OK\n-1\n${entry.reply}Anomalie signalee par le MI : ${entry.anomaly?.nature} - ${entry.anomaly?.detail}`);
  }

  /** The préfecture's last classification, as S²LOW keeps it for the account. */
  function classification(request: IncomingMessage, response: ServerResponse): void {
    if (!s2lowAccount(request, context.accounts)) return text(response, "KO\nÉchec de l'authentification");
    response.writeHead(200, { 'content-type': 'application/xml; charset=ISO-8859-1' });
    response.end(classificationMessage(undefined, context.classificationDate));
  }

  /** S²LOW asks the préfecture for its classification (7-1): this one's answers at once, with the same. */
  function classificationRequest(request: IncomingMessage, response: ServerResponse): void {
    if (!s2lowAccount(request, context.accounts)) return text(response, "KO\nÉchec de l'authentification");
    text(response, 'OK\n');
  }

  /** The ARActe of a transaction, whatever its status since. */
  function arActe(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const account = s2lowAccount(request, context.accounts);
    const entry = context.inbox.byTransaction(url.searchParams.get('id') ?? '');
    if (!account || !entry || entry.siren !== account.siren || entry.status !== 'acknowledged')
      return text(response, 'KO\nTransaction inconnue');
    response.writeHead(200, { 'content-type': 'application/xml; charset=ISO-8859-1' });
    response.end(Buffer.from(entry.reply, 'latin1'));
  }

  return { create, status, classification, classificationRequest, arActe };
}

export function s2lowAccount(request: IncomingMessage, accounts: Readonly<Record<string, S2lowAccount>>): S2lowAccount | undefined {
  const credentials = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!credentials) return undefined;
  const [login, password] = Buffer.from(credentials, 'base64').toString('utf8').split(/:(.*)/s) as [string, string];
  const account = accounts[login];
  return account && account.password === password ? account : undefined;
}

interface Form {
  readonly fields: Map<string, string>;
  /** Every value of a field named `…[]`, in order. */
  readonly lists: Map<string, string[]>;
  readonly files: Map<string, { name: string; bytes: Buffer }[]>;
}

/** A multipart form as S²LOW reads it: text fields in ISO-8859-1, files as bytes, `name[]` fields as lists. */
export function readForm(request: IncomingMessage): Promise<Form> {
  return new Promise((resolve, reject) => {
    const form: Form = { fields: new Map(), lists: new Map(), files: new Map() };
    const parser = Busboy({ headers: request.headers, defCharset: 'latin1', defParamCharset: 'latin1' });
    parser.on('field', (name, value) => {
      form.fields.set(name, value);
      form.lists.set(name, [...(form.lists.get(name) ?? []), value]);
    });
    const pending: Promise<void>[] = [];
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      pending.push(
        new Promise((done) =>
          stream.on('end', () => {
            form.files.set(name, [...(form.files.get(name) ?? []), { name: info.filename ?? name, bytes: Buffer.concat(chunks) }]);
            done();
          }),
        ),
      );
    });
    parser.on('close', () => void Promise.all(pending).then(() => resolve(form)));
    parser.on('error', reject);
    request.pipe(parser);
  });
}

export function text(response: ServerResponse, value: string): void {
  response.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' });
  response.end(Buffer.from(value, 'latin1'));
}
