/** How the command line words the API's refusals for a person: French, one line a problem. */
import { expect, test } from 'vitest';
import { formatRefusal, TRANSMISSION_STATUS_WORDS } from '#cli/format';

test('every refusal kind the API answers with has its French words', () => {
  for (const error of [
    'invalid_json',
    'invalid_body',
    'invalid_events',
    'invalid_path',
    'invalid_query',
    'payload_too_large',
    'unauthorized',
    'forbidden',
    'not_found',
    'busy',
    'rule_violation',
    'internal',
  ])
    expect(formatRefusal(400, { error, message: 'the API’s own English words' })).not.toContain('English');
});

test('path violations are listed one a line, under the French head', () => {
  expect(
    formatRefusal(400, { error: 'invalid_path', message: 'x', violations: [{ field: 'path.siren', message: 'must be 9 digits' }] }).split(
      '\n',
    ),
  ).toEqual(['refusé (400) : un paramètre du chemin est mal formé', '  path.siren : must be 9 digits']);
});

test('an answer that is not the API’s, or an empty one, is one line saying so', () => {
  expect(formatRefusal(502, '<html>\n<h1>Bad Gateway</h1></html>')).toBe('réponse inattendue (502) : <html> <h1>Bad Gateway</h1></html>');
  expect(formatRefusal(200, '')).toBe('réponse inattendue (200)');
});

test('transmissions --status takes the French words the CLI prints, and the API’s codes', () => {
  expect(['certifiée', 'transmise', 'acquittée', 'refusée'].map((word) => TRANSMISSION_STATUS_WORDS[word])).toEqual([
    'queued',
    'sent',
    'acknowledged',
    'refused',
  ]);
});
