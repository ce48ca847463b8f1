export * from './neurons/index.js';
export * from './coding/index.js';
