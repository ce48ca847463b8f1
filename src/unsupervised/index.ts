/** Learning without labels: autoencoders, variational autoencoders, contrastive learning and linear probes. */
export { Autoencoder, DenoisingAutoencoder, ConvAutoencoder, corrupt, reconstructionLoss, type AutoencoderLike, type NoiseOptions, type ReconstructionLoss } from './autoencoder.js';
export { VAE, gaussianKl, type ElboTerms } from './vae.js';
export { affineJitter, randomShift, gaussianNoise, augment, type AffineJitter, type AugmentOptions } from './augment.js';
export { ntXent, SimCLR } from './contrastive.js';
export { linearProbe, type ProbeOptions, type ProbeResult } from './probe.js';
