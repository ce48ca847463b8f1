export * from './neurons/index.js';
