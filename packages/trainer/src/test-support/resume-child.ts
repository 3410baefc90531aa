// Child process for the kill-and-resume test: trains with tiny plugins, announces each checkpoint on
// stdout, and waits at the checkpoint of step argv[3] until the parent SIGKILLs it, so that checkpoint
// is the newest one however slowly the parent reacts.
import { initBackend } from '@lowres/core';
import { train } from '../training/train';
import { resumeConfig, resumeData, resumeRegistry } from './resume-fixture';

const outDir = process.argv[2];
const waitAt = Number(process.argv[3]);
if (!outDir || !Number.isInteger(waitAt)) throw new Error('usage: resume-child <outDir> <step to wait at>');
await initBackend('cpu');
await train(
  { ...resumeConfig, outDir },
  {
    registry: resumeRegistry,
    data: resumeData(),
    progress: null,
    callbacks: {
      async onCheckpoint(info) {
        if (info.best) return;
        process.stdout.write(`checkpoint ${info.globalStep}\n`);
        // Never resolves: the parent kills the process here (a timer keeps the event loop alive).
        if (info.globalStep === waitAt) await new Promise(() => setInterval(() => {}, 1000));
      },
    },
  },
);
process.stdout.write('finished\n');
