/**
 * Interpretability and responsible use: attribution methods over any model (gradients,
 * SmoothGrad, Integrated Gradients, occlusion, Grad-CAM, LIME with SLIC superpixels), concept
 * bottleneck models, sanity checks, and group fairness metrics.
 */
export { type Scorer, type Target, inputGradient, checkBaseline } from './model.js';
export { saliency, gradientTimesInput, smoothGrad, type SmoothGradOptions } from './gradients.js';
export { integratedGradients, quadrature, type IntegrationRule, type IntegratedGradientsResult } from './integrated-gradients.js';
export { occlusion } from './occlusion.js';
export { gradCam, resizeBilinear } from './grad-cam.js';
export { slic, type SlicOptions } from './slic.js';
export { limeTabular, limeImage, type LimeExplanation, type LimeTabularOptions, type LimeImageOptions } from './lime.js';
export { spearman, ssim, ranks } from './similarity.js';
export { cascadingRandomisation, type SanityReport, type RandomisationStep } from './sanity.js';
export { demographicParityDifference, equalisedOdds, syntheticLending } from './fairness.js';
export { renderShapes, SHAPE_CONCEPTS, SHAPE_CLASSES } from './shapes.js';
export { ConceptBottleneckModel, trainConceptBottleneck, conceptBottleneckStages, type CbmStage, evaluateConceptBottleneck, type ConceptData, type CbmTrainOptions } from './concept-bottleneck.js';
