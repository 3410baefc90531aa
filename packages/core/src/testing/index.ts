export { expectNoTensorLeaks, liveTensors } from './leaks';
export {
  randomConvolutionCase,
  randomValues,
  relativeError,
  testSeed,
  type ConvolutionCase,
} from '../kernels/kernel-test-support';
