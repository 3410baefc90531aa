#!/usr/bin/env python3
"""LR-Net on full Fashion-MNIST in PyTorch, the authors' protocol: an independent reference for issue 19.

Trains LR-Net (shared/specs/lrnet.md: Glorot-uniform kernels, zero biases, batch norm after the ReLU
with momentum 0.99 and epsilon 1e-3, dropout 0.3 after each hidden dense layer, softmax cross-entropy)
with Adam 1e-3 (epsilon 1e-7) in batches of 128 on all 60,000 training images, and scores the 10,000
test images after every epoch, as the authors' Keras script did (it validated on the test set). So its
per-epoch test curve compares, engine against engine, with the authors' published history and with
the test curve of `lowres reproduce lrnet-fashion-mnist` (scripts/test-curve.sh).

Resumable: the state goes to <out>/checkpoint.pt after each epoch and when SIGTERM or SIGINT stops the
run (at the next step boundary); run the same command again to go on, mid-epoch if need be.
Each epoch adds one JSON line to <out>/history.jsonl; <out>/run.json describes the run, with "status":
"finished" once every epoch is done.

    /usr/bin/python3 scripts/lrnet-torch-reference.py --out /work/runs/lrnet-torch-reference [--epochs 17] [--seed 0] [--threads 2]
"""
import argparse
import gzip
import json
import os
import platform
import signal
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = '/usr/share/datasets/fashion-mnist'
# glibc returns PyTorch's large freed tensors to the kernel and page-faults them back on the next step:
# on a 2-core AMD EPYC that made a training step 3× slower (17 against 50 images/s). Keeping freed
# memory in the heap is what a caching allocator would do; glibc reads these settings at start-up.
MALLOC_SETTINGS = 'glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736'


def read_idx(path, expected_dims):
    """The array stored in an IDX file (gzip-compressed), checked against its header."""
    with gzip.open(path, 'rb') as stream:
        raw = stream.read()
    magic = int.from_bytes(raw[0:4], 'big')
    dims = magic & 0xFF
    if magic >> 8 != 0x08 or dims != expected_dims:
        sys.exit(f'{path}: expected an IDX file of unsigned bytes with {expected_dims} dimensions, got magic {magic:#x}')
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if body.size != int(np.prod(shape)):
        sys.exit(f'{path}: header says {shape}, body holds {body.size} bytes')
    return body.reshape(shape)


def load(split):
    """Images as float32 N×1×28×28 in [0, 1], labels as int64."""
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(os.path.join(DATA, f'{prefix}-images-idx3-ubyte.gz'), 3)
    labels = read_idx(os.path.join(DATA, f'{prefix}-labels-idx1-ubyte.gz'), 1)
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1), torch.from_numpy(labels.astype(np.int64))


class KerasBatchNorm(nn.BatchNorm2d):
    """Keras' BatchNormalization defaults: moving averages kept at 0.99, epsilon 1e-3."""

    def __init__(self, channels):
        super().__init__(channels, eps=1e-3, momentum=0.01)


class ConvRelu(nn.Sequential):
    """A `same`-padded convolution followed by ReLU."""

    def __init__(self, inputs, outputs, kernel):
        super().__init__(nn.Conv2d(inputs, outputs, kernel, padding=kernel // 2), nn.ReLU())


class MultiKernelBlock(nn.Module):
    """One MK block of the spec's table (every link a channel concatenation)."""

    def __init__(self, c):
        super().__init__()
        self.a3, self.a5, self.a7 = ConvRelu(c, 48, 3), ConvRelu(c, 24, 5), ConvRelu(c, 12, 7)
        self.norm_a, self.norm_p, self.norm_q = KerasBatchNorm(48), KerasBatchNorm(c + 72), KerasBatchNorm(c + 84)
        self.b3, self.b5 = ConvRelu(48, 48, 3), ConvRelu(48, 24, 5)
        self.c5, self.c7 = ConvRelu(c + 72, 36, 5), ConvRelu(c + 84, 18, 7)
        self.norm_d, self.norm_e = KerasBatchNorm(c + 120), KerasBatchNorm(c + 54)
        self.d3, self.norm_f = ConvRelu(c + 54, 72, 3), KerasBatchNorm(72)
        self.g1, self.norm_g = ConvRelu(5 * c + 450, 24, 1), KerasBatchNorm(24)

    def forward(self, x):
        a3, a5, a7 = self.a3(x), self.a5(x), self.a7(x)
        n_a = self.norm_a(a3)
        n_p = self.norm_p(torch.cat([x, a3, a5], 1))
        n_q = self.norm_q(torch.cat([x, a3, a5, a7], 1))
        n_d = self.norm_d(torch.cat([x, self.b3(n_a), self.b5(n_a), n_a], 1))
        n_e = self.norm_e(torch.cat([x, self.c5(n_p), self.c7(n_q)], 1))
        n_f = self.norm_f(self.d3(n_e))
        g = self.norm_g(self.g1(torch.cat([x, n_d, n_a, n_p, n_q, n_e, n_f], 1)))
        return F.max_pool2d(g, 2)


class LrNet(nn.Module):
    """Three MK blocks, then the dense head; returns logits (the softmax is in the loss)."""

    def __init__(self, classes=10):
        super().__init__()
        self.blocks = nn.Sequential(MultiKernelBlock(1), MultiKernelBlock(24), MultiKernelBlock(24))
        layers, width = [], 216
        for units in (256, 128, 128, 64):
            layers += [nn.Linear(width, units), nn.ReLU(), nn.Dropout(0.3)]
            width = units
        self.head = nn.Sequential(*layers, nn.Linear(width, classes))
        for module in self.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, x):
        # Keras flattens channels-last: the same order here keeps the first dense layer's wiring alike.
        return self.head(self.blocks(x).permute(0, 2, 3, 1).flatten(1))


def cpu_model():
    """The CPU's model name (Linux), else the machine type."""
    try:
        with open('/proc/cpuinfo') as stream:
            for line in stream:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def parameter_count(model):
    """Trainable weights plus batch-norm moving statistics, as Keras' countParams counts them."""
    stats = sum(b.numel() for name, b in model.named_buffers() if not name.endswith('num_batches_tracked'))
    return sum(p.numel() for p in model.parameters()) + stats


@torch.no_grad()
def score(model, images, labels, batch=500):
    """Mean cross-entropy and accuracy in inference mode."""
    model.eval()
    loss, correct = 0.0, 0
    for start in range(0, len(labels), batch):
        logits = model(images[start:start + batch])
        target = labels[start:start + batch]
        loss += F.cross_entropy(logits, target, reduction='sum').item()
        correct += (logits.argmax(1) == target).sum().item()
    return loss / len(labels), correct / len(labels)


def main():
    if os.environ.get('GLIBC_TUNABLES') != MALLOC_SETTINGS:
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'GLIBC_TUNABLES': MALLOC_SETTINGS})
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', required=True)
    parser.add_argument('--epochs', type=int, default=17)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--batch', type=int, default=128)
    args = parser.parse_args()
    for flag in ('epochs', 'threads', 'batch'):
        if getattr(args, flag) < 1:
            parser.error(f'--{flag}: expected an integer ≥ 1, got {getattr(args, flag)}')
    torch.set_num_threads(args.threads)
    # TensorFlow, the authors' engine, flushes denormal floats to zero on the CPU and the GPU alike.
    torch.set_flush_denormal(True)
    os.makedirs(args.out, exist_ok=True)
    checkpoint_path = os.path.join(args.out, 'checkpoint.pt')

    train_x, train_y = load('train')
    test_x, test_y = load('test')
    torch.manual_seed(args.seed)
    model = LrNet()
    if parameter_count(model) != 1_028_234:
        sys.exit(f'LR-Net has {parameter_count(model)} parameters; the spec says 1,028,234')
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    shuffle = torch.Generator().manual_seed(args.seed)
    # Where the run stands: the epoch in progress, its order and next step, its running sums.
    at = {'epoch': 0, 'step': 0, 'order': None, 'loss_sum': 0.0, 'correct': 0, 'wall': 0.0, 'history': []}
    if os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path)
        if state['args'] != {'seed': args.seed, 'batch': args.batch}:
            sys.exit(f'{checkpoint_path} was written with {state["args"]}; this command asks for seed {args.seed}, batch {args.batch}')
        model.load_state_dict(state['model'])
        optimizer.load_state_dict(state['optimizer'])
        shuffle.set_state(state['shuffle'])
        torch.set_rng_state(state['torch'])
        at = state['at']
        print(f'resumed at epoch {at["epoch"]} step {at["step"]} ({at["wall"]:.0f} s so far)', flush=True)
    # One entry per invocation, so the wall time in history.jsonl can be told apart by machine.
    description_path = os.path.join(args.out, 'run.json')
    invocations = []
    if os.path.exists(description_path):
        with open(description_path) as stream:
            invocations = json.load(stream).get('invocations', [])
    invocations.append({'started': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'cpu': cpu_model(), 'threads': args.threads,
                        'at_epoch': at['epoch'], 'at_step': at['step'], 'wall_before': round(at['wall'], 1)})

    def describe(status):
        """Writes run.json; its status says 'finished' once every epoch is done (the queue skips the run then)."""
        with open(description_path, 'w') as stream:
            json.dump({'script': 'scripts/lrnet-torch-reference.py', 'status': status, 'torch': torch.__version__, 'seed': args.seed,
                       'batch': args.batch, 'epochs': args.epochs, 'train': len(train_y), 'test': len(test_y),
                       'parameters': parameter_count(model), 'glibc_tunables': MALLOC_SETTINGS, 'flush_denormal': True,
                       'invocations': invocations}, stream, indent=2)

    describe('running')

    def save():
        temporary = checkpoint_path + '.partial'
        torch.save({'args': {'seed': args.seed, 'batch': args.batch}, 'model': model.state_dict(), 'optimizer': optimizer.state_dict(),
                    'shuffle': shuffle.get_state(), 'torch': torch.get_rng_state(), 'at': at}, temporary)
        os.replace(temporary, checkpoint_path)
        # Rewritten whole from the checkpoint's copy, so a kill between the two writes loses nothing.
        with open(os.path.join(args.out, 'history.jsonl'), 'w') as stream:
            stream.writelines(json.dumps(line) + '\n' for line in at['history'])

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    steps = (len(train_y) + args.batch - 1) // args.batch
    while at['epoch'] < args.epochs:
        started = time.perf_counter()
        if at['order'] is None:
            at['order'] = torch.randperm(len(train_y), generator=shuffle)
        model.train()
        while at['step'] < steps:
            if stop:
                at['wall'] += time.perf_counter() - started
                save()
                print(f'stopped at epoch {at["epoch"]} step {at["step"]}; run the same command to go on', flush=True)
                return
            batch = at['order'][at['step'] * args.batch:(at['step'] + 1) * args.batch]
            logits = model(train_x[batch])
            loss = F.cross_entropy(logits, train_y[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            at['loss_sum'] += loss.item() * len(batch)
            at['correct'] += (logits.argmax(1) == train_y[batch]).sum().item()
            at['step'] += 1
            if at['step'] % 50 == 0:
                seen = min(at['step'] * args.batch, len(train_y))
                print(f'epoch {at["epoch"]} step {at["step"]}/{steps} loss {at["loss_sum"] / seen:.4f} '
                      f'{at["wall"] + time.perf_counter() - started:.0f} s', flush=True)
        test_loss, test_accuracy = score(model, test_x, test_y)
        at['wall'] += time.perf_counter() - started
        record = {'epoch': at['epoch'], 'loss': at['loss_sum'] / len(train_y), 'accuracy': at['correct'] / len(train_y),
                  'test_loss': test_loss, 'test_accuracy': test_accuracy, 'wall_seconds': round(at['wall'], 1)}
        print(json.dumps(record), flush=True)
        at['history'].append(record)
        at.update(epoch=at['epoch'] + 1, step=0, order=None, loss_sum=0.0, correct=0)
        save()
    describe('finished')

if __name__ == '__main__':
    main()
