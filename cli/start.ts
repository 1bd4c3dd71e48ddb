/** `registre start`: the whole of Registre on this machine, until Ctrl-C or until an engine ends under it. */
import { resolve } from 'node:path';
import { CliError } from './api-client.ts';

/** How often the local stack asks the préfecture simulator for answers and letters. */
const LOCAL_POLL_SECONDS = 5;

export async function start(dir: string, port: string | undefined): Promise<number> {
  const { startLocalStack } = await import('#local/stack');
  const { ACTES_SCHEMAS_DIR } = await import('#local/prefecture/xsd');
  const chosen = Number(port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(chosen) || chosen < 0 || chosen > 65535) throw new CliError(`--port attend un numéro de port, pas "${port}"`);
  // What the stack writes (the engines' files, the simulator's inbox) is this user's only.
  process.umask(0o077);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  log('démarrage de Registre…');
  // The schedule that fetches the préfecture's answers and letters runs every few seconds here, not every minute: the simulator answers at once.
  const stack = await startLocalStack({ dir, port: chosen, log, scheduleSeconds: LOCAL_POLL_SECONDS });
  // Listening before saying it runs: a Ctrl-C that follows the line at once still stops it in order.
  const interrupted = new Promise<undefined>((done) => {
    process.once('SIGINT', () => done(undefined));
    process.once('SIGTERM', () => done(undefined));
  });
  process.stdout.write(
    [
      '',
      `Registre tourne (état dans ${resolve(dir)}).`,
      `  console      ${stack.consoleUrl} (connexion : choisissez le rôle et les collectivités)`,
      `  API          ${stack.apiUrl}`,
      `  site public  ${stack.publicUrl} (actes publiés, listes des délibérations, données ouvertes SCDL ; sans connexion)`,
      `  émetteur     ${stack.issuerUrl} (jetons OpenID Connect : ce que Cognito est sur AWS)`,
      `  DynamoDB     ${stack.engines.dynamodb.name} sur ${stack.engines.dynamodb.endpoint}`,
      `  SQS, S3      fauxqs sur ${stack.engines.sqs.endpoint}`,
      `  préfecture   ${stack.prefecture.url} (boîte de réception ; simulateur qui valide chaque message selon le XSD @CTES${
        stack.prefecture.schemas === ACTES_SCHEMAS_DIR ? ' v1.1' : ` de ${stack.prefecture.schemas}`
      })`,
      `  jetons (aussi dans stack.json), toutes collectivités, jusqu'au ${new Date(stack.tokensExpireAt).toLocaleString('fr-FR')} ;`,
      "  d'autres avec npx registre token --role secretariat --siren SIREN :",
      `    secretariat  ${stack.tokens.secretariat}`,
      `    admin        ${stack.tokens.admin}`,
      '',
      'Essayez "npx registre demo" dans un autre terminal. Ctrl-C arrête tout.',
      '',
    ].join('\n'),
  );
  const failure = await Promise.race([interrupted, stack.failure]);
  if (failure !== undefined) throw new CliError(failure);
  log('arrêt…');
  await stack.stop();
  log('arrêté.');
  return 0;
}
