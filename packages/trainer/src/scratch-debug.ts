import * as tf from '@tensorflow/tfjs';
import { registerNativeBackend } from '@lowres/native';
import { defaultRegistry } from './registry/default-registry';
registerNativeBackend({ threads: 2 });
await tf.setBackend('cpu');
const name = process.argv[2] ?? 'bagnet9';
const c = defaultRegistry.createClassifier(name, { width: 0.125, smallInput: true });
const min = c.minimumInput ?? { height: 8, width: 8 };
const input = { height: Math.max(8, min.height), width: Math.max(8, min.width), channels: 1 };
const model = c.build(input, 3);
const x = tf.randomUniform([2, input.height, input.width, 1]);
const xv = x.dataSync().slice();
const outs = model.layers.map((l) => l.output as tf.SymbolicTensor);
const probe = tf.model({ inputs: model.inputs, outputs: outs.slice(1) });
async function run(b: string) { await tf.setBackend(b); return tf.tidy(() => (probe.apply(tf.tensor(xv, x.shape), { training: true }) as tf.Tensor[]).map((t) => t.dataSync().slice())); }
const a = await run('cpu'); const n = await run('native');
for (let i = 0; i < a.length; i++) { let d = 0, s = 1e-12; for (let j = 0; j < a[i]!.length; j++) { d = Math.max(d, Math.abs(a[i]![j]! - n[i]![j]!)); s = Math.max(s, Math.abs(a[i]![j]!)); }
  if (d / s > 1e-5) { console.log(i + 1, model.layers[i + 1]!.name, model.layers[i + 1]!.getClassName(), d / s); } }
console.log('layers', a.length);
