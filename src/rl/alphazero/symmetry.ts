/**
 * The eight symmetries of the 3×3 board (the dihedral group D4: four rotations, each optionally
 * mirrored), as cell permutations: the transformed board's cell i holds the original's `perm[i]`.
 * Tic-tac-toe's value and policy commute with them, so every self-play position yields eight
 * training examples (Silver et al. 2017 augment Go data the same way).
 */
export const SYMMETRIES: readonly Int8Array[] = (() => {
  const rot = (p: Int8Array) => Int8Array.from({ length: 9 }, (_, i) => p[(2 - (i % 3)) * 3 + Math.floor(i / 3)]);
  const flip = (p: Int8Array) => Int8Array.from({ length: 9 }, (_, i) => p[Math.floor(i / 3) * 3 + 2 - (i % 3)]);
  const out: Int8Array[] = [];
  let p = Int8Array.from({ length: 9 }, (_, i) => i);
  for (let r = 0; r < 4; r++) { out.push(p, flip(p)); p = rot(p); }
  return out;
})();

/**
 * Applies a symmetry to any 9-cell array (a board, a policy, visit counts).
 *
 * @example
 * transform([0, 1, 2, 3, 4, 5, 6, 7, 8], SYMMETRIES[1]); // [2, 1, 0, 5, 4, 3, 8, 7, 6] (mirror)
 */
export function transform<T extends ArrayLike<number>>(cells: T, perm: Int8Array): number[] {
  return Array.from(perm, (src) => cells[src]);
}
