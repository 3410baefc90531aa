// Child process for the kill-and-resume test: trains with tiny plugins, announces each checkpoint on
// stdout and then pauses, so the parent can SIGKILL it while that checkpoint is the newest one.
import { initBackend } from '@lowres/core';
import { train } from '../training/train';
import { resumeConfig, resumeData, resumeRegistry } from './resume-fixture';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: resume-child <outDir>');
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
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
    },
  },
);
process.stdout.write('finished\n');
