/**
 * A local stack in a process of its own, for the tests that kill it: the same code as `npm start`,
 * with the visibility timeout and the schedule given on the command line. Prints one line of JSON
 * (API, console, issuer, public site, préfecture, tokens) once it runs; stops cleanly on SIGINT.
 */
import { ACTES_SCHEMAS_DIR } from '#local/prefecture/xsd';
import { startLocalStack } from '#local/stack';

const [dir, visibility] = process.argv.slice(2);
if (!dir || !visibility) throw new Error('usage: stack-process.ts <dir> <visibility timeout in seconds>');
const stack = await startLocalStack({
  dir,
  port: 0,
  visibilityTimeoutSeconds: Number(visibility),
  scheduleSeconds: 1,
  xsdDir: ACTES_SCHEMAS_DIR,
});
process.stdout.write(
  `${JSON.stringify({ apiUrl: stack.apiUrl, consoleUrl: stack.consoleUrl, issuerUrl: stack.issuerUrl, publicUrl: stack.publicUrl, prefectureUrl: stack.prefecture.url, tokens: stack.tokens })}\n`,
);
process.once('SIGINT', () => void stack.stop().then(() => process.exit(0)));
