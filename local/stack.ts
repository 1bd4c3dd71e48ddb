/**
 * The whole of Registre on one machine: the engines, the resources of the topology, the production
 * handlers behind an HTTP adapter and SQS pollers, and the token issuer the API checks tokens against
 * (an OpenID Connect issuer of its own, where AWS has Cognito). State lives under `dir` (`.local/`)
 * and survives a restart; the URLs and a token per role, minted at each start, are written to
 * `dir/stack.json`.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { boundVariables, topology, type FunctionSpec } from '#infra/topology';
import { ROLES, tokenVerifier, type Role } from '#runtime/access-tokens';
import { s3Client, sqsClient } from '#runtime/aws-clients';
import { buildConsole } from '#console/build';
import { signInConfig } from '#console/config';
import { startConsoleServer } from './console-server.ts';
import { startPublicServer } from './public-server.ts';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { startDynamo, startFauxqs, type Engine } from './engines.ts';
import { makePrivate } from './private-files.ts';
import { startHttpAdapter } from './http-adapter.ts';
import { startIssuerServer } from './issuer-server.ts';
import type { Handler } from './lambda-context.ts';
import { startPrefectureSimulator, type Faults, type PrefectureSimulator } from './prefecture/simulator.ts';
import { createResources, type LocalResources } from './resources.ts';
import { startSchedule } from './schedule.ts';
import { startSqsPoller, type Poller } from './sqs-poller.ts';
import { LOCAL_CLIENT_ID, LOCAL_SESSION_SECONDS, localPrincipal } from './token-issuer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalStackOptions {
  /** Where the state lives, `.local` by default. */
  readonly dir: string;
  /** Port of the API; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
  readonly visibilityTimeoutSeconds?: number;
  /** How often scheduled functions run; the topology's rate by default. */
  readonly scheduleSeconds?: number;
  /** Port of the console; by default the API's port + 2 (a free one when the API's is 0). */
  readonly consolePort?: number;
  /** Port of the préfecture simulator; by default the API's port + 1 (a free one when the API's is 0). */
  readonly prefecturePort?: number;
  /** Port of the token issuer; by default the API's port + 3 (a free one when the API's is 0). */
  readonly issuerPort?: number;
  /** Port of the public site; by default the API's port + 4 (a free one when the API's is 0). */
  readonly publicPort?: number;
  /** Another copy of the official @CTES schemas for the simulator (ACTES_XSD_DIR; the repository's by default). */
  readonly xsdDir?: string;
  readonly prefectureFaults?: Partial<Faults>;
  /** Batches of one queue a function handles at once, as Lambda's pollers do (4 by default). */
  readonly pollersPerQueue?: number;
}

export interface StackInfo {
  readonly apiUrl: string;
  /** The secretariat's console, on the API's origin as CloudFront puts it. */
  readonly consoleUrl: string;
  /** The token issuer (`iss`), whose sign-in page the console sends people to. */
  readonly issuerUrl: string;
  /** The public site of the collectivités' published acts (CGCT L2131-1), without sign-in. */
  readonly publicUrl: string;
  /** A token per role, for every collectivité, minted at start: they expire at `tokensExpireAt`. */
  readonly tokens: Readonly<Record<Role, string>>;
  readonly tokensExpireAt: string;
  readonly engines: {
    readonly dynamodb: { readonly name: string; readonly endpoint: string };
    readonly sqs: { readonly endpoint: string };
  };
  readonly resources: LocalResources;
  readonly prefecture: { readonly url: string; /** The @CTES schemas it validates every message against. */ readonly schemas: string };
}

export interface LocalStack extends StackInfo {
  readonly simulator: PrefectureSimulator;
  /**
   * Settles, once the stack has stopped itself, with the one line saying why, if an engine ends
   * under it: without its database the stack could only fail at every request and every schedule.
   */
  readonly failure: Promise<string>;
  stop(): Promise<void>;
}

/**
 * The handlers read their configuration, and build their SDK clients, once per process, as on
 * Lambda: a process runs one local stack at a time.
 */
let started = false;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (started) throw new Error('a local stack is already running in this process: stop it first, or start another process');
  started = true;
  const log = options.log ?? (() => undefined);
  const dir = resolve(options.dir);
  // The engines and the simulator make their own folders private.
  makePrivate(dir, false);
  // Tokens were HS256 with a secret kept there, until the stack became an issuer: nothing reads it now.
  rmSync(join(dir, 'secrets.json'), { force: true });
  const engines: Engine[] = [];
  const running: Poller[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await Promise.allSettled(running.map((p) => p.stop()));
      for (const engine of engines.reverse()) await engine.stop().catch(() => undefined);
      started = false;
    })());
  try {
    const dynamo = await startDynamo(dir, log);
    engines.push(dynamo);
    const fauxqs = await startFauxqs(join(dir, 'fauxqs'));
    engines.push(fauxqs);
    process.env.AWS_REGION ??= 'eu-west-3';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    process.env.AWS_ENDPOINT_URL_SQS = fauxqs.endpoint;
    process.env.AWS_ENDPOINT_URL_S3 = fauxqs.endpoint;
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

    const host = options.host ?? '127.0.0.1';
    let consoleUrl: string | undefined;
    const issuerServer = await startIssuerServer({
      host,
      port: options.issuerPort ?? (options.port === 0 ? 0 : options.port + 3),
      dir,
      consoleOrigin: () => consoleUrl,
      styles: join(dir, 'console'),
    });
    running.push(issuerServer);
    const { issuer } = issuerServer;
    const verify = tokenVerifier({ issuer: issuer.issuer, audiences: [LOCAL_CLIENT_ID], keys: issuer.keys });
    const tokensExpireAt = new Date(Date.now() + LOCAL_SESSION_SECONDS * 1000).toISOString();
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES) tokens[role] = await issuer.mint(localPrincipal(role), LOCAL_SESSION_SECONDS);

    const xsdDir = options.xsdDir ?? process.env.ACTES_XSD_DIR;
    const simulator = await startPrefectureSimulator({
      dir: join(dir, 'prefecture'),
      host,
      port: options.prefecturePort ?? (options.port === 0 ? 0 : options.port + 1),
      ...(xsdDir && { xsdDir }),
      ...(options.prefectureFaults && { faults: options.prefectureFaults }),
      // Any admin token of this stack's issuer, for every collectivité.
      faultsToken: async (bearer) => {
        const checked = await verify(bearer);
        return 'principal' in checked && checked.principal.role === 'admin' && checked.principal.scope === '*';
      },
    });
    running.push(simulator);
    process.env.S3_FORCE_PATH_STYLE = 'true';
    process.env.PREFECTURE_CONNECTOR ??= 'actes';
    process.env.ACTES_ENDPOINT ??= simulator.url;

    const clients = { dynamodb: new DynamoDBClient({}), sqs: sqsClient(), s3: s3Client() };
    const resources = await createResources(topology, clients, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
    let apiUrl = '';
    const publicServer = await startPublicServer({
      host,
      port: options.publicPort ?? (options.port === 0 ? 0 : options.port + 4),
      apiUrl: () => apiUrl,
      documents: s3DocumentStore(clients.s3, resources.buckets.documents),
    });
    running.push({ stop: () => new Promise<void>((done) => publicServer.server.close(() => done())) });
    const publicUrl = publicServer.url.replace(/\/+$/, '');
    // The API verifies tokens against this issuer's published keys, as it does against Cognito's on AWS.
    Object.assign(
      process.env,
      environmentOf(resources, { TOKEN_ISSUER: issuer.issuer, TOKEN_AUDIENCES: LOCAL_CLIENT_ID, PUBLIC_SITE_URL: publicUrl }),
    );

    for (const [name, spec] of Object.entries(topology.functions) as [string, FunctionSpec][]) {
      const { handler } = (await import(pathToFileURL(join(ROOT, spec.entry)).href)) as { handler: unknown };
      const config = { name, timeoutSeconds: spec.timeoutSeconds, memoryMb: spec.memoryMb };
      const trigger = spec.trigger;
      if (trigger.type === 'http') {
        const http = await startHttpAdapter({
          host,
          port: options.port,
          function: config,
          handler: handler as Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>,
        });
        running.push({ stop: () => new Promise<void>((done) => http.server.close(() => done())) });
        apiUrl = http.url;
      } else if (trigger.type === 'schedule') {
        const schedule = startSchedule({
          intervalSeconds: options.scheduleSeconds ?? trigger.rateMinutes * 60,
          function: config,
          handler: handler as Handler<ScheduledEvent, unknown>,
          onError: (error) => log(`${name} a échoué : ${error instanceof Error ? error.message : String(error)}`),
        });
        running.push(schedule);
      } else {
        const queue = resources.queues[trigger.queue];
        running.push(
          startSqsPoller({
            client: clients.sqs,
            queueUrl: queue.url,
            queueArn: queue.arn,
            batchSize: trigger.batchSize,
            concurrency: options.pollersPerQueue ?? 4,
            function: config,
            handler: handler as Handler<SQSEvent, SQSBatchResponse | void>,
            onBatch: ({ size, failed, error }) => {
              if (error) log(`${name} : ${size} message(s) en échec : ${error instanceof Error ? error.message : String(error)}`);
              else log(`${name} : ${size} message(s)${failed.length > 0 ? `, ${failed.length} rendu(s) à la file` : ''}`);
            },
          }),
        );
      }
    }
    await buildConsole(join(dir, 'console'));
    const consoleServer = await startConsoleServer({
      host,
      port: options.consolePort ?? (options.port === 0 ? 0 : options.port + 2),
      root: join(dir, 'console'),
      apiUrl,
      config: signInConfig(issuer.issuer, LOCAL_CLIENT_ID),
      // The documents' presigned links point at the local S3, as on AWS at the bucket's domain.
      documentsUrl: fauxqs.endpoint,
    });
    running.push({ stop: () => new Promise<void>((done) => consoleServer.server.close(() => done())) });
    consoleUrl = consoleServer.url;
    const info: StackInfo = {
      apiUrl,
      consoleUrl,
      issuerUrl: issuer.issuer,
      publicUrl,
      tokens,
      tokensExpireAt,
      engines: { dynamodb: { name: dynamo.name, endpoint: dynamo.endpoint }, sqs: { endpoint: fauxqs.endpoint } },
      resources,
      prefecture: { url: simulator.url, schemas: simulator.schemas },
    };
    // It carries the tokens: readable by this user only, like the issuer's key.
    writeFileSync(join(dir, 'stack.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    chmodSync(join(dir, 'stack.json'), 0o600);
    return { ...info, simulator, failure: stopOnEngineEnd(engines, stopAll), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The first engine to end on its own stops the stack; the line saying so settles once it has stopped. */
function stopOnEngineEnd(engines: readonly Engine[], stop: () => Promise<void>): Promise<string> {
  const ended = engines.map((engine) => engine.ended.then((how) => `${engine.name} s'est arrêté (${how}) : Registre s'arrête`));
  return Promise.race(ended).then(async (line) => {
    await stop();
    return line;
  });
}

/**
 * The environment of every function: resource names and URLs as the topology binds them, its
 * constants, and the settings and secrets the stack gives (those the function declares). All
 * functions run in this one process, so two of them may not give one variable two values.
 */
function environmentOf(resources: LocalResources, given: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(topology.functions) as [string, FunctionSpec][]) {
    const values = boundVariables(spec, {
      table: (id) => resources.tables[id],
      bucket: (id) => resources.buckets[id],
      queue: (id) => resources.queues[id].url,
      deadLetter: (of) => resources.queues[of].deadLetter.url,
    });
    for (const variable of [...spec.settings, ...spec.secrets]) if (given[variable] !== undefined) values[variable] = given[variable];
    Object.assign(values, spec.constants);
    for (const [variable, value] of Object.entries(values)) {
      if (env[variable] !== undefined && env[variable] !== value)
        throw new Error(`${name}: ${variable} means two things to two functions; rename it in the topology`);
      env[variable] = value;
    }
  }
  return env;
}
