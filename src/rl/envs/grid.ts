/** Shared arithmetic of grid worlds: states are `row * cols + col`. */

/** Row/column change of the four compass moves. */
export const MOVES = {
  up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1],
} as const satisfies Record<string, readonly [number, number]>;

/** Moves one cell in direction `d`, staying inside the `rows × cols` box. */
export function clampMove(row: number, col: number, d: readonly [number, number], rows: number, cols: number): [number, number] {
  return [Math.min(rows - 1, Math.max(0, row + d[0])), Math.min(cols - 1, Math.max(0, col + d[1]))];
}

/** Text frame of a grid: one character per cell, the agent as `@`. */
export function gridText(rows: number, cols: number, ch: (r: number, c: number) => string, agent: number): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) line += r * cols + c === agent ? '@' : ch(r, c);
    lines.push(line);
  }
  return lines.join('\n');
}

/** One outcome of a tabular model: `P[s][a]` lists these, as Gymnasium's toy-text `env.P` does. */
export interface Transition { prob: number; next: number; reward: number; terminated: boolean }

/** An environment whose dynamics are known exactly (for dynamic programming and hand-checked tests). */
export interface TabularModel {
  readonly numStates: number;
  readonly numActions: number;
  /** All outcomes of taking `action` in `state`, probabilities summing to 1. */
  transitions(state: number, action: number): Transition[];
}
