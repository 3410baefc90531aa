export {
  registerNativeBackend,
  setNativeThreads,
  setNativeConvolutionPrecision,
  nativeImplementations,
  nativeFallbacks,
  NATIVE_BACKEND_NAME,
  type NativeBackendOptions,
  type NativeRegistration,
} from './register-native-backend';
export { nativeKernels } from './native-kernels';
export type { ConvolutionPrecision } from './addon';
export { NativeBackend } from './native-backend';
export { BufferPool } from './buffer-pool';
