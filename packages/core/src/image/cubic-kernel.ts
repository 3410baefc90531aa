/** Keys' cubic convolution kernel with a = -0.5, as MATLAB imresize's 'bicubic'. */
export function cubicKernel(t: number): number {
  const x = Math.abs(t);
  const x2 = x * x;
  const x3 = x2 * x;
  if (x <= 1) return 1.5 * x3 - 2.5 * x2 + 1;
  if (x <= 2) return -0.5 * x3 + 2.5 * x2 - 4 * x + 2;
  return 0;
}
