import * as tf from '@tensorflow/tfjs';
import { registerNativeBackend } from '@lowres/native';
import { defaultRegistry } from './registry/default-registry';
registerNativeBackend({ threads: 2 });
await tf.setBackend('cpu');
const name = process.argv[2] ?? 'bagnet9';
const c = defaultRegistry.createClassifier(name, { width: 0.125, smallInput: true });
const min = c.minimumInput ?? { height: 8, width: 8 };
const side = Number(process.env.SIDE ?? 8); const B = Number(process.env.B ?? 2); const input = { height: Math.max(side, min.height), width: Math.max(side, min.width), channels: 1 };
const model = c.build(input, 3);
const xv = tf.randomUniform([B, input.height, input.width, 1]).dataSync().slice();
const rv = tf.randomNormal([B, 3]).dataSync().slice();
async function run(b: string) { await tf.setBackend(b); return tf.tidy(() => {
  const x = tf.tensor(xv, [B, input.height, input.width, 1]);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: process.env.TRAIN !== "0" }) as tf.Tensor, tf.tensor(rv, [B, 3]))) as tf.Scalar, model.trainableWeights.map((w) => w.read() as tf.Variable));
  return { loss: value.dataSync()[0]!, g: Object.values(grads).map((t) => t.dataSync().slice()) }; }); }
const a = await run('cpu'); const n = await run('native'); const a2 = await run('cpu'); const n2 = await run('native');
console.log('loss', a.loss, n.loss, a2.loss, n2.loss);
let worst = 0, wi = -1; a.g.forEach((g, i) => { let d = 0, s = 1e-12; for (let j = 0; j < g.length; j++) { d = Math.max(d, Math.abs(g[j]! - n.g[i]![j]!)); s = Math.max(s, Math.abs(g[j]!)); } if (d / s > worst) { worst = d / s; wi = i; } });
console.log('worst grad', worst, model.trainableWeights[wi]?.name);
const nanA = a.g.filter((g) => g.some(Number.isNaN)).length, nanN = n.g.filter((g) => g.some(Number.isNaN)).length;
console.log('nan tensors cpu', nanA, 'native', nanN, 'loss', a.loss, n.loss);
