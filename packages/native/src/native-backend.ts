import type * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon';
import type { BufferPool } from './buffer-pool';

type DataId = object;

/**
 * The 'native' TF.js backend: the cpu backend's tensor storage and kernels, with native (oneDNN /
 * OpenMP) kernels registered over the hot ones and their outputs written into recycled buffers.
 */
export class NativeBackend extends MathBackendCPU {
  /** The compiled addon the native kernels call. */
  readonly addon: NativeAddon;
  /** Output buffers of native kernels, recycled once no tensor uses them. */
  readonly pool: BufferPool;

  constructor(addon: NativeAddon, pool: BufferPool) {
    super();
    this.addon = addon;
    this.pool = pool;
    // MathBackendCPU's first write prints "install tfjs-node" advice, which is wrong for this engine.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): DataId {
    const dataId = super.write(values, shape, dtype);
    this.pool.retain(values);
    return dataId;
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    super.move(dataId, values, shape, dtype, refCount);
    this.pool.retain(values);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (values !== undefined && !this.data.has(dataId)) this.pool.release(values);
    return released;
  }

  // Values handed out of the backend are copies when their buffer will be recycled.
  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const values = super.readSync(dataId);
    return this.pool.owns(values) ? values.slice() : values;
  }

  override dispose(): void {
    super.dispose();
    this.pool.clear();
  }
}
