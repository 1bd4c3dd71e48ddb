/**
 * A préfecture (and a tiers de télétransmission in front of it) on this machine. It receives acts two
 * ways — the @CTES archive (`POST /actes`) and the subset of the S²LOW API Registre uses
 * (`s2low-api.ts`) — checks
 * them, answers with an ARActe or an AnomalieActe, and keeps an inbox: the préfecture user's view, as
 * JSON (`/inbox`) and as a page (`/`). Faults can be injected, at start or through `PUT /_faults`
 * with the local admin token: an error rate, latency, the préfecture down, acknowledgements delayed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { anomalieActeXml, arActeXml, type ActeMessage } from '#actes/actes-xml';
import { parisDate } from '#extract/french';
import { CLASSIFICATION_FILE_NAME } from '#actes/classification-xml';
import { agentRoutes } from './agent-routes.ts';
import { answerClassification } from './classification.ts';
import { checkActe, openArchive, type ReceivedActe } from './check-archive.ts';
import { dialogueForm, receiveMessage, unreadArchives, type Answer } from './dialogue.ts';
import { NO_FAULTS, readFaultsChange, type Faults } from './faults.ts';

export type { Faults } from './faults.ts';
import { inboxSummary, openInbox, type Inbox, type InboxEntry } from './inbox.ts';
import { inboxPage } from './inbox-page.ts';
import { s2lowApi, type S2lowAccount } from './s2low-api.ts';
import { s2lowLetters } from './s2low-letters.ts';
import { ACTES_SCHEMAS_DIR, xsdValidator } from './xsd.ts';
import { requestBody } from './request-body.ts';

export interface SimulatorOptions {
  readonly dir: string;
  readonly host?: string;
  readonly port: number;
  /** Directory of the official @CTES schemas: the copy kept in `schemas/` by default. */
  readonly xsdDir?: string;
  readonly faults?: Partial<Faults>;
  /**
   * The bearer token `PUT /_faults` requires, or what checks it (the local stack's: an admin token of
   * its issuer); without either, faults are set in code only.
   */
  readonly faultsToken?: string | ((bearer: string) => Promise<boolean>);
  readonly s2lowAccounts?: Readonly<Record<string, S2lowAccount>>;
  readonly classificationDate?: string;
  readonly now?: () => Date;
}

export interface PrefectureSimulator {
  readonly url: string;
  /** Where the @CTES schemas it validates against were read from. */
  readonly schemas: string;
  readonly inbox: Inbox;
  faults(): Faults;
  setFaults(faults: Partial<Faults>): Faults;
  stop(): Promise<void>;
}

export async function startPrefectureSimulator(options: SimulatorOptions): Promise<PrefectureSimulator> {
  const inbox = openInbox(options.dir);
  const xsd = xsdValidator(options.xsdDir);
  const now = options.now ?? (() => new Date());
  const classificationDate = options.classificationDate ?? '2025-01-01';
  let faults: Faults = { ...NO_FAULTS, ...options.faults };

  /** Answers being written, by IDActe: the same act received twice at once gets one answer. */
  const answering = new Map<string, Promise<InboxEntry | undefined>>();

  /**
   * Records the answer to an act, once: the same IDActe received again gets the answer it had. The
   * ARActe or AnomalieActe is held to the XSD like every message received. Undefined when the act
   * is so far from the XSD that no valid AnomalieActe can echo it: it is then refused at the envelope.
   */
  function answer(
    received: ReceivedActe,
    channel: InboxEntry['channel'],
    refusal?: { nature: string; detail: string },
    extra: Partial<InboxEntry> = {},
  ): Promise<InboxEntry | undefined> {
    const existing = inbox.get(received.idActe);
    if (existing) {
      inbox.receivedAgain(received.idActe);
      return Promise.resolve(existing);
    }
    const inFlight = answering.get(received.idActe);
    if (inFlight) return inFlight;
    const writing = record(received, channel, refusal, extra).finally(() => answering.delete(received.idActe));
    answering.set(received.idActe, writing);
    return writing;
  }

  async function record(
    received: ReceivedActe,
    channel: InboxEntry['channel'],
    refusal: { nature: string; detail: string } | undefined,
    extra: Partial<InboxEntry>,
  ): Promise<InboxEntry | undefined> {
    const at = now();
    const dateReception = parisDate(at);
    const common = { acte: refusal ? withinSchema(received.acte) : received.acte, classificationDateEnCours: classificationDate };
    const reply = refusal
      ? anomalieActeXml({ date: dateReception, ...refusal, ...common })
      : arActeXml({ idActe: received.idActe, dateReception, ...common });
    const replyName = `${received.idActe}-${refusal ? '3' : '2'}-1_0.xml`;
    const replyErrors = await xsd(replyName, reply);
    if (replyErrors.length > 0 && refusal) return undefined;
    if (replyErrors.length > 0) throw new Error(`the simulator's own ${replyName} breaks the @CTES XSD: ${replyErrors.join('; ')}`);
    const entry: InboxEntry = {
      idActe: received.idActe,
      siren: received.siren,
      channel,
      receivedAt: at.toISOString(),
      status: refusal ? 'refused' : 'acknowledged',
      dateReception,
      answerAt: new Date(at.getTime() + faults.ackDelaySeconds * 1000).toISOString(),
      reply: reply.toString('latin1'),
      ...(refusal && { anomaly: refusal }),
      acte: received.acte,
      documents: received.documents.map((d) => d.name),
      ...extra,
    };
    inbox.add(entry, received.documents);
    return entry;
  }

  const answered = (entry: InboxEntry) => entry.answerAt <= now().toISOString();

  async function postActes(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const filename = /filename="?([^";]+)"?/.exec(request.headers['content-disposition'] ?? '')?.[1] ?? '';
    const opened = await openArchive(filename, await requestBody(request), xsd);
    if (!opened.ok) return json(response, 400, { error: 'anomalie_enveloppe', nature: opened.nature, detail: opened.detail });
    const classification = opened.forms.find((f) => CLASSIFICATION_FILE_NAME.test(f));
    if (classification) return send(response, await answerClassification(opened, classification, { xsd, date: classificationDate }));
    const form = dialogueForm(opened);
    if (form) return send(response, await receiveMessage(opened, form, { inbox, xsd, now, refusing: () => faults.refuseMessages }));
    const check = await checkActe(opened, xsd);
    if (!check.ok && check.level === 'envelope')
      return json(response, 400, { error: 'anomalie_enveloppe', nature: check.nature, detail: check.detail });
    const refusal = check.ok ? (faults.refuse ?? undefined) : { nature: check.nature, detail: check.detail };
    const entry = await answer(check.received, 'actes', refusal, { archiveName: filename });
    if (!entry) return json(response, 400, { error: 'anomalie_enveloppe', ...refusal });
    if (!answered(entry)) return json(response, 202, { idActe: entry.idActe, status: 'pending' });
    xml(response, 200, entry.reply);
  }

  function getRetour(idActe: string, response: ServerResponse): void {
    const entry = inbox.get(idActe);
    if (!entry) return json(response, 404, { error: 'not_found', detail: `no act ${idActe} was received` });
    if (!answered(entry)) return json(response, 202, { idActe, status: 'pending' });
    xml(response, 200, entry.reply);
  }

  const s2low = s2lowApi({
    inbox,
    accounts: options.s2lowAccounts ?? {},
    xsd,
    classificationDate,
    now,
    faults: () => faults,
    answer,
    answered,
  });

  const letters = s2lowLetters({ inbox, xsd, now, refusing: () => faults.refuseMessages, accounts: options.s2lowAccounts ?? {} });
  const agent = agentRoutes({ inbox, xsd, now });

  const server: Server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => json(response, 500, { error: 'internal', detail: String(error) }));
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://prefecture');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/health') return json(response, 200, { status: 'ok' });
    if (method === 'GET' && path === '/') return html(response, inboxPage(inbox.list(), faults));
    if (method === 'GET' && path === '/inbox') return json(response, 200, { acts: inbox.list().map(inboxSummary) });
    if (await agent(method, path, request, response)) return;
    const document = /^\/inbox\/([^/]+)\/documents\/([^/]+)$/.exec(path);
    if (method === 'GET' && document) {
      const bytes = inbox.document(decodeURIComponent(document[1]!), decodeURIComponent(document[2]!));
      if (!bytes) return json(response, 404, { error: 'not_found' });
      response.writeHead(200, { 'content-type': contentType(decodeURIComponent(document[2]!)) });
      return void response.end(bytes);
    }
    if (path === '/_faults') {
      if (method !== 'PUT') return json(response, 200, faults);
      const authorization = request.headers.authorization;
      const token =
        typeof options.faultsToken === 'function' ? await acceptedBearer(authorization, options.faultsToken) : options.faultsToken;
      const read = readFaultsChange(authorization, (await requestBody(request)).toString('utf8'), token);
      if (!read.ok) return json(response, read.status, read.body);
      faults = { ...faults, ...read.change };
      return json(response, 200, faults);
    }

    if (faults.latencyMs > 0) await new Promise((done) => setTimeout(done, faults.latencyMs));
    if (faults.down || Math.random() < faults.errorRate)
      return json(response, 503, { error: 'unavailable', detail: 'the préfecture is not answering' });
    if (method === 'POST' && path === '/actes') return postActes(request, response);
    const retour = /^\/actes\/([^/]+)\/retour$/.exec(path);
    if (method === 'GET' && retour) return getRetour(decodeURIComponent(retour[1]!), response);
    if (method === 'POST' && path === '/modules/actes/actes_transac_create.php') return s2low.create(request, response);
    if (method === 'GET' && path === '/modules/actes/actes_transac_get_status.php') return s2low.status(request, url, response);
    if (method === 'GET' && path === '/courriers') return json(response, 200, { courriers: unreadArchives(inbox) });
    const courrier = /^\/courriers\/([^/]+?)(\/lu)?$/.exec(path);
    if (courrier) return courrierRoute(method, decodeURIComponent(courrier[1]!), courrier[2] !== undefined, response);
    if (method === 'GET' && path === '/modules/actes/api/list_document_prefecture.php') return letters.list(request, response);
    if (method === 'GET' && path === '/modules/actes/actes_transac_get_document.php') return letters.document(request, url, response);
    if (method === 'GET' && path === '/modules/actes/actes_download_file.php') return letters.download(request, url, response);
    if (method === 'GET' && path === '/modules/actes/api/document_prefecture_mark_as_read.php')
      return letters.markRead(request, url, response);
    if (method === 'POST' && path === '/modules/actes/actes_transac_reponse_create.php') return letters.answer(request, response);
    if (method === 'POST' && path === '/modules/actes/actes_transac_cancel.php') return letters.cancel(request, response);
    if (method === 'GET' && path === '/modules/actes/actes_classification_fetch.php') return s2low.classification(request, response);
    if (method === 'GET' && path === '/modules/actes/actes_classification_request.php')
      return s2low.classificationRequest(request, response);
    if (method === 'GET' && path === '/modules/actes/actes_transac_get_ARActe.php') return s2low.arActe(request, url, response);
    json(response, 404, { error: 'not_found', detail: `no route ${method} ${path}` });
  }

  /** A letter's archive (`GET /courriers/{archive}`), or the collectivité's side taking it (`POST …/lu`). */
  function courrierRoute(method: string, archive: string, read: boolean, response: ServerResponse): void {
    const found = inbox.letter(archive);
    if (!found || found.entry.channel !== 'actes') return json(response, 404, { error: 'not_found', detail: `no letter ${archive}` });
    if (read && method === 'POST') {
      inbox.markLetterRead(found.letter.id, now().toISOString());
      return json(response, 200, { id: archive, status: 'read' });
    }
    if (read || method !== 'GET') return json(response, 405, { error: 'method_not_allowed' });
    response.writeHead(200, { 'content-type': 'application/gzip' });
    response.end(inbox.document(found.entry.idActe, found.letter.archiveName));
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', done);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    schemas: options.xsdDir ?? ACTES_SCHEMAS_DIR,
    inbox,
    faults: () => faults,
    setFaults: (change) => (faults = { ...faults, ...change }),
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * The act as an AnomalieActe can echo it: an act refused for breaking the XSD's lengths is echoed cut
 * to them, so that the refusal itself stays a valid @CTES message.
 */
function withinSchema(acte: ActeMessage): ActeMessage {
  const cut = (text: string, length: number) => Array.from(text).slice(0, length).join('');
  return { ...acte, objet: cut(acte.objet, 500), numeroInterne: cut(acte.numeroInterne, 15) };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gz: 'application/gzip',
};
const contentType = (name: string) => CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';

/** An answer of the dialogue: the préfecture's acknowledgement (XML), or JSON. */
function send(response: ServerResponse, answer: Answer): void {
  if (answer.xml) return xml(response, answer.status, answer.xml.toString('latin1'));
  json(response, answer.status, answer.json);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(value));
}

function xml(response: ServerResponse, status: number, latin1Xml: string): void {
  response.writeHead(status, { 'content-type': 'application/xml; charset=ISO-8859-1' });
  response.end(Buffer.from(latin1Xml, 'latin1'));
}

function html(response: ServerResponse, page: string): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(page);
}

/** The bearer token of this header when the check accepts it: the token `readFaultsChange` then expects. */
async function acceptedBearer(authorization: string | undefined, check: (bearer: string) => Promise<boolean>): Promise<string | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return bearer !== undefined && (await check(bearer)) ? bearer : undefined;
}
