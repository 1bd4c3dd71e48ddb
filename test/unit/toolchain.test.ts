import { expect, test } from 'vitest';

test('the suite runs on the Node 24 the project brings, whatever the system Node is', () => {
  expect(process.versions.node.split('.')[0]).toBe('24');
});
