import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageShape } from '@lowres/core';
import { initBackend } from '@lowres/core';
import { createRegistry, definePlugin } from '@lowres/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCapturedCli } from '../test-support/captured-cli';
import { writeIdxFixture } from '../test-support/idx-fixture';
import { tinyClassifier, tinySr } from '@lowres/trainer/testing';

/** How often the plugins' factories and the SR's build ran. */
const counts = { srCreated: 0, classifierCreated: 0, srBuilt: 0 };

const registry = createRegistry({
  sr: {
    counted: definePlugin({
      description: 'tiny SR that counts its creations and builds',
      options: z.strictObject({ scale: z.number().int().positive() }),
      create: ({ scale }) => {
        counts.srCreated += 1;
        const sr = tinySr(scale);
        return {
          ...sr,
          build: (input: ImageShape) => {
            counts.srBuilt += 1;
            return sr.build(input);
          },
        };
      },
    }),
  },
  classifiers: {
    counted: definePlugin({
      description: 'tiny classifier that counts its creations',
      options: z.strictObject({}),
      create: () => {
        counts.classifierCreated += 1;
        return tinyClassifier;
      },
    }),
  },
});

let root = '';
let data = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-train-command-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 16, 8);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lowres train', () => {
  it('parses the config and creates each plugin once, and builds the SR model only for the pipeline', async () => {
    const run = await runCapturedCli(
      ['train', '--sr', 'counted', '--sr-option', 'scale=2', '--classifier', 'counted', '--mode', 'end-to-end', '--epochs', '1', '--batch', '8', '--dataset', data],
      { registry },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(counts).toEqual({ srCreated: 1, classifierCreated: 1, srBuilt: 1 });
  });
});
