"""PyTorch peer for the LR-Net Fashion-MNIST run: the model of ../shared/bench/lrnet_torch.py trained
with the paper recipe (Adam 1e-3, batch 128, cross-entropy, no augmentation) for a fixed budget.

usage: /usr/bin/python3 scripts/peer/lrnet_fashion_mnist_torch.py [epochs] [threads] [train_limit] [batch]
Prints per-epoch wall time, loss and the test accuracy, and one JSON line at the end."""
import gzip, json, os, sys, time
import numpy as np, torch, torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', '..', 'shared', 'bench'))
from lrnet_torch import lrnet  # noqa: E402

DATA = '/usr/share/datasets/fashion-mnist'

def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

def load(prefix):
    x = idx(f'{prefix}-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
    y = idx(f'{prefix}-labels-idx1-ubyte.gz', 8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)

def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
    batch_size = int(sys.argv[4]) if len(sys.argv) > 4 else 128
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    xs, ys = load('train')
    xs, ys = xs[:limit], ys[:limit]
    xt, yt = load('t10k')
    model = lrnet()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xs))
        total, seen, t0 = 0.0, 0, time.perf_counter()
        for i in range(0, len(xs), batch_size):
            batch = order[i:i + batch_size]
            opt.zero_grad()
            loss = loss_fn(model(xs[batch]), ys[batch])
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
            seen += len(batch)
        print(f'epoch {epoch + 1}: loss {total / seen:.4f} in {time.perf_counter() - t0:.1f}s', flush=True)
    train_seconds = time.perf_counter() - start
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(xt), 500):
            correct += (model(xt[i:i + 500]).argmax(1) == yt[i:i + 500]).sum().item()
    accuracy = correct / len(xt)
    print(json.dumps({'peer': 'pytorch', 'epochs': epochs, 'train_images': len(xs), 'threads': threads, 'batch': batch_size,
                      'train_seconds': round(train_seconds, 1), 'test_accuracy': accuracy}))

if __name__ == '__main__':
    main()
