/** A short model card (Mitchell et al. 2019) carried in an experiment's notes. */
export interface ModelCard { model: string; data: string; intendedUse: string; metrics: string; limitations: string }

/**
 * Formats a model card as report notes, one line per section.
 * @example modelCard({ model: 'MLP', data: 'MNIST', intendedUse: 'teaching', metrics: 'accuracy', limitations: 'digits only' });
 */
export function modelCard(card: ModelCard): string[] {
  return [
    `Model card — model: ${card.model}`,
    `Model card — data: ${card.data}`,
    `Model card — intended use: ${card.intendedUse}`,
    `Model card — metrics: ${card.metrics}`,
    `Model card — limitations: ${card.limitations}`,
  ];
}

/** Mean of a list (NaN when empty). */
export function average(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
