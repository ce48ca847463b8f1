export { LeNet5 } from './lenet.js';
export { GPT, sampleRow, type GPTConfig } from './gpt.js';
export { ViT, type ViTConfig } from './vit.js';
