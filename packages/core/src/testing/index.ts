export { expectNoTensorLeaks, liveTensors } from './leaks';
