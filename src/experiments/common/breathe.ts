// Experiments import breathe from here; it lives in core so library loops (rl trainers) use it too.
export { breathe } from '../../core/breathe.js';
