import { ValueError } from '../core/errors.js';

/**
 * When a long run writes its next periodic checkpoint: once `seconds` of wall time have passed since
 * the last save (0: whenever asked), so a process killed outright loses at most that much work.
 * @example
 * const clock = new SaveClock(60, 'trainLoop(mnist)');
 * if (clock.due()) { saveCheckpoint(path, state); clock.saved(); }
 */
export class SaveClock {
  private last = performance.now();

  constructor(readonly seconds = 60, where = 'SaveClock') {
    if (!(seconds >= 0)) throw new ValueError(`${where}: saveEverySeconds must be >= 0, got ${seconds}`);
  }

  due(): boolean { return performance.now() - this.last >= this.seconds * 1000; }

  /** Restarts the interval (call after every save, periodic or not). */
  saved(): void { this.last = performance.now(); }
}
