/** Layer names {@link classEvidence} and the trainer rely on. */
export const bagnetLayerNames = Object.freeze({
  /** Global average pool; its input is the last per-patch feature map. */
  pool: 'avg_pool',
  /** Dense class layer (linear). */
  logits: 'logits',
  /** Softmax over the averaged logits (only with classesActivation 'softmax'). */
  probabilities: 'probabilities',
});
