/**
 * Child process for the SIGKILL test: trains (resuming from the checkpoint when present) and
 * checkpoints after every step. Usage: node train-child.js CKPT TOTAL_STEPS HIDDEN SEED FINAL_OUT
 * Writes the final weights to FINAL_OUT when it completes.
 */
import { train } from './training-run.js';
import { saveSafetensors } from '../../src/io/index.js';

const [ckpt, total, hidden, seed, finalOut] = process.argv.slice(2);
const r = train({ seed: Number(seed), totalSteps: Number(total), hidden: Number(hidden), ckpt, saveEvery: 1, backend: 'js', onStart: (step) => process.stdout.write(`start ${step}\n`) });
saveSafetensors(finalOut, r.model.stateDict());
process.stdout.write(`done ${r.step}\n`);
