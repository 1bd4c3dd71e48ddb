/**
 * What a cold start of each Lambda function costs, on the bundles the CDK stack deploys:
 *   npx node bench/cold-start.ts
 * Every function of the topology is bundled with the stack's own esbuild settings
 * (infra/function-bundling.ts, through infra/bundling/measure-bundles.ts), then:
 * - its size: the asset zipped, what Lambda counts as CodeSize, and the bundle (index.mjs);
 * - its init: a fresh Node process — this one's executable, Node 24 as on Lambda — loads the bundle
 *   with the environment the stack gives the function and the variables the Lambda runtime sets, and
 *   reports the time from the process's start to the end of `await import(bundle)`, the module's
 *   top-level awaits included. That is Node's own start and the handler module's load and
 *   initialisation (clients built, configuration parsed, the tracer set up), not the Lambda runtime's
 *   bootstrap nor the download of the code. After one unmeasured load each, the processes of all
 *   functions take turns, one at a time; an empty module loaded the same way shows what Node's start
 *   alone takes;
 * - the packages (and project files) that weigh most in the bundle, from esbuild's metafile.
 * No process can reach the network: the loader answers every DNS lookup with ENOTFOUND and reports the
 * host asked for. The measured configuration (the @CTES connector) asks for none; the S²LOW connector,
 * whose credentials are read from Secrets Manager at start, is run once per function to show it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleAll, moduleWeights } from '#infra/bundling/measure-bundles';
import { OUTFILE, RENDERS_PDF } from '#infra/function-bundling';
import { boundVariables, topology, type FunctionId, type FunctionSpec } from '#infra/topology';
import { formatSection, median, percentile, type Figure, type Section } from './report.ts';

const SAMPLES = 20;
const HEAVIEST = 8;
const KB = 1024;
const TARGETS = { zippedKb: 400, zippedPdfKb: 1200, initMs: 100 };
const REGION = 'eu-west-3';
const ACCOUNT = '123456789012';

/**
 * Imports the module its argument names and prints, as the last line of its output, the time since
 * the process started and the import's own, the CPU time the process used, the hosts looked up
 * meanwhile (all refused), and the error, if the module failed to load or exports no handler.
 */
const LOADER = `
import dns from 'node:dns';
import { pathToFileURL } from 'node:url';
const lookups = [];
const refuse = (host) => (lookups.push(host), Object.assign(new Error('no network in a cold-start measurement: ' + host), { code: 'ENOTFOUND' }));
dns.lookup = (host, options, callback) => process.nextTick(callback ?? options, refuse(host));
dns.promises.lookup = async (host) => { throw refuse(host); };
const start = performance.now();
let error;
try {
  const module = await import(pathToFileURL(process.argv[2]).href);
  if (typeof module.handler !== 'function') error = 'the module exports no handler';
} catch (thrown) {
  error = String(thrown?.stack ?? thrown);
}
const end = performance.now();
const { user, system } = process.cpuUsage();
process.stdout.write('\\n' + JSON.stringify({ sinceStart: end, load: end - start, cpu: (user + system) / 1000, lookups, error }) + '\\n');
process.exit(0);
`;

interface Load {
  /** From the process's start to the module loaded, in ms. */
  readonly sinceStart: number;
  /** The import alone, in ms. */
  readonly load: number;
  /** CPU time the process used (user and system, all its threads), in ms: less sensitive than the others to a busy machine. */
  readonly cpu: number;
  readonly lookups: readonly string[];
  readonly error?: string;
}

/** The functions' settings (infra/registre-stack.ts `settings`): a deployment on @CTES, and the token issuer the stack sets for the API. */
const SETTINGS: Readonly<Record<string, string>> = {
  PREFECTURE_CONNECTOR: 'actes',
  ACTES_ENDPOINT: 'https://actes.example.test/depot',
  TOKEN_ISSUER: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Example`,
  TOKEN_AUDIENCES: 'example-console-client',
};

/** The same deployment on S²LOW: the credentials are read from the secret the stack creates. */
const S2LOW_SETTINGS: Readonly<Record<string, string>> = {
  PREFECTURE_CONNECTOR: 's2low',
  S2LOW_URL: 'https://s2low.example.test',
  S2LOW_LOGIN: 'registre',
  S2LOW_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:S2lowCredentials-AbCdEf`,
};

const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

/**
 * A function's environment on Lambda: what the Lambda runtime sets (region, credentials, function
 * name, task root, X-Ray daemon), what the stack sets (infra/registre-stack.ts: Node's options,
 * Powertools' service, the topology's constants, the names and URLs of its resources, the settings
 * it takes), and nothing of this process's own.
 */
function lambdaEnvironment(id: FunctionId, spec: FunctionSpec, taskRoot: string, settings: Readonly<Record<string, string>>) {
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE00',
    AWS_SECRET_ACCESS_KEY: 'example-secret-access-key',
    AWS_SESSION_TOKEN: 'example-session-token',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: `registre-${id}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/registre-${id}`,
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'registre',
    ...spec.constants,
  };
  Object.assign(
    environment,
    boundVariables(spec, {
      table: (id) => topology.tables[id].name,
      bucket: (id) => topology.buckets[id].name,
      queue: (id) => queueUrl(topology.queues[id].name),
      deadLetter: (of) => queueUrl(topology.queues[of].deadLetterQueue),
    }),
  );
  for (const variable of [...spec.settings, ...spec.secrets])
    if (settings[variable] !== undefined) environment[variable] = settings[variable];
  return environment;
}

const run = promisify(execFile);

/** Loads `module` in a fresh process with `env`, from `cwd`. */
async function load(loader: string, module: string, cwd: string, env: Record<string, string>): Promise<Load> {
  const { stdout } = await run(process.execPath, [loader, module], { cwd, env, maxBuffer: 16 * KB * KB });
  return JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Load;
}

const round = (value: number, decimals = 1) => Number(value.toFixed(decimals));
const spread = (samples: readonly number[]) => ({ median: round(median(samples)), p90: round(percentile(samples, 90)) });

/** Sizes, init time and heaviest modules of every function's bundle; see the module's comment. */
export async function measure(): Promise<Section> {
  const workdir = mkdtempSync(join(tmpdir(), 'registre-cold-start-'));
  try {
    const bundles = await bundleAll(join(workdir, 'functions'));
    const loader = join(workdir, 'loader.mjs');
    const empty = join(workdir, 'empty.mjs');
    writeFileSync(loader, LOADER);
    writeFileSync(empty, 'export const handler = () => {};\n');
    const ids = Object.keys(bundles) as FunctionId[];
    const specs = topology.functions as Readonly<Record<FunctionId, FunctionSpec>>;
    const loadOf = (id: FunctionId, settings = SETTINGS) =>
      load(loader, join(bundles[id].outdir, OUTFILE), bundles[id].outdir, lambdaEnvironment(id, specs[id], bundles[id].outdir, settings));

    const loadAverage = [loadavg()[0]!];
    const firstLoads = await inTurn(ids, (id) => loadOf(id));
    for (const id of ids) if (firstLoads[id].error) throw new Error(`${id} does not start: ${firstLoads[id].error}`);
    const samples = Object.fromEntries([...ids, 'node'].map((id) => [id, [] as Load[]])) as Record<FunctionId | 'node', Load[]>;
    for (let turn = 0; turn < SAMPLES; turn++) {
      samples.node.push(await load(loader, empty, workdir, { PATH: process.env.PATH ?? '' }));
      for (const id of ids) samples[id].push(await loadOf(id));
    }
    loadAverage.push(loadavg()[0]!);
    const failed = ids.filter((id) => samples[id].some((sample) => sample.error || sample.lookups.length > 0));
    if (failed.length > 0) throw new Error(`a load failed or looked a host up: ${failed.join(', ')}`);
    const withS2low = await inTurn(
      ids.filter((id) => specs[id].secrets.includes('S2LOW_SECRET_ARN')),
      async (id) => {
        const { lookups, error } = await loadOf(id, S2LOW_SETTINGS);
        return { hostsLookedUp: [...new Set(lookups)], initError: error?.split('\n')[0] };
      },
    );

    const figures = ids.flatMap((id): Figure[] => [
      {
        name: `${id}: asset zipped (CodeSize)`,
        value: bundles[id].zipped / KB,
        unit: 'KB',
        target: { max: RENDERS_PDF[id] ? TARGETS.zippedPdfKb : TARGETS.zippedKb },
      },
      { name: `${id}: bundle (${OUTFILE})`, value: bundles[id].files.find((file) => file.name === OUTFILE)!.bytes / KB, unit: 'KB' },
      {
        name: `${id}: init, median`,
        value: median(samples[id].map((sample) => sample.sinceStart)),
        unit: 'ms',
        ...(!RENDERS_PDF[id] && { target: { max: TARGETS.initMs } }),
      },
    ]);
    const functions = Object.fromEntries(
      ids.map((id) => [
        id,
        {
          rendersPdf: RENDERS_PDF[id],
          memoryMb: specs[id].memoryMb,
          files: bundles[id].files.map((file) => ({ name: file.name, kb: round(file.bytes / KB), zippedKb: round(file.zipped / KB) })),
          ...timings(samples[id]),
          heaviestModules: moduleWeights(bundles[id].metafile)
            .slice(0, HEAVIEST)
            .map(([module, bytes]) => ({ module, kb: round(bytes / KB) })),
        },
      ]),
    );
    return {
      section: 'Cold start',
      figures,
      details: {
        init:
          'from the start of a fresh Node process to the end of `await import(index.mjs)`, its top-level awaits included: ' +
          'Node’s own start, reading and compiling the bundle (and, with NODE_OPTIONS=--enable-source-maps as deployed, its ' +
          'source map), running its top level (configuration parsed, SDK clients built, Powertools logger, metrics and ' +
          'tracer set up, the X-Ray SDK patching http and fetch). Not included: the Lambda runtime’s own bootstrap, the ' +
          'download of the code, what a first invocation does (SDK clients resolve credentials and endpoints on first use). ' +
          'Measured on this machine’s CPU, where Lambda gives a function CPU in proportion to its memory.',
        node: process.version,
        samplesPerFunction: SAMPLES,
        /** The one-minute load average before and after the samples: other work on the machine slows every figure. */
        loadAverage: loadAverage.map((value) => round(value, 2)),
        nodeAlone: timings(samples.node),
        settings: SETTINGS,
        network: {
          measured: 'every DNS lookup is refused and recorded: no init above looked a host up',
          withS2low: {
            settings: S2LOW_SETTINGS,
            why: 'the S²LOW credentials are read from Secrets Manager at load (shared/runtime/prefecture-settings.ts), a call init waits for, left out of the figures',
            functions: withS2low,
          },
        },
        kb: '1,024 bytes',
        functions,
      },
    };
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

/** Median and p90 of each timing of the samples, and the samples from the process's start. */
function timings(samples: readonly Load[]) {
  const since = samples.map((sample) => sample.sinceStart);
  return {
    initMs: spread(since),
    importMs: spread(samples.map((sample) => sample.load)),
    cpuMs: spread(samples.map((sample) => sample.cpu)),
    initSamplesMs: since.map((value) => round(value)),
  };
}

/** `task` for each id, one after another: the processes measured must not compete for the CPU. */
async function inTurn<K extends string, T>(ids: readonly K[], task: (id: K) => Promise<T>): Promise<Record<K, T>> {
  const results = {} as Record<K, T>;
  for (const id of ids) results[id] = await task(id);
  return results;
}

if (import.meta.main) console.log(formatSection(await measure()));
