import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/io/', import.meta.url));

test('the file-format code has no way to run code from a file: no eval, Function, dynamic import, require or deserializers of code', () => {
  const files = readdirSync(SRC).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 6, `expected the io sources in ${SRC}`);
  const forbidden = [/\beval\s*\(/, /\bnew\s+Function\b/, /\bFunction\s*\(/, /\bimport\s*\(/, /\brequire\s*\(/, /\bvm\b.*from 'node:vm'/, /child_process/, /pickle/i];
  for (const f of files) {
    const code = readFileSync(join(SRC, f), 'utf8').replace(/\/\*[^]*?\*\/|\/\/.*$/gm, ''); // comments may mention these words
    for (const re of forbidden) assert.doesNotMatch(code, re, `${f} contains ${re}`);
  }
});
