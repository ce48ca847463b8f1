import { test } from 'node:test';
import fc from 'fast-check';
import { properties } from './properties.js';

/** Generated cases per property in the default suite; `npm run fuzz` runs many more. */
export const CI_RUNS = Number(process.env.ALCHEMY_FUZZ_RUNS ?? 200);

for (const { name, property } of properties) {
  test(`${name} (${CI_RUNS} generated cases)`, () => {
    fc.assert(property() as fc.IProperty<unknown[]>, { numRuns: CI_RUNS });
  });
}
