#!/usr/bin/env python3
"""Prints item 1's LR-Net curves side by side as a Markdown table, one row per epoch: the PyTorch
reference (docs/reproductions/lrnet-torch-reference/history.jsonl), our engine on the same protocol
(lrnet-fashion-mnist-authors-run: all 60,000 training images) and our seed 0 (54,000 training images),
each from its metrics.csv and the test curve scored by scripts/test-curve.sh, and the authors' published history
(authors-history.csv: training loss and test accuracy from the LR-Net repository's
chart/fashion-mnist-history.csv, rounded as in lrnet-fashion-mnist-seed0/README.md).

    python3 scripts/lrnet-reference-table.py
"""
import csv
import json
import os

DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'docs', 'reproductions')


def rows(path, reader):
    """Records of a file keyed by epoch (empty when the file is missing)."""
    try:
        with open(path) as stream:
            return {int(row['epoch']): row for row in reader(stream)}
    except FileNotFoundError:
        return {}


def json_lines(stream):
    """The records of a JSON-lines file."""
    return [json.loads(line) for line in stream if line.strip()]


def cell(row, key, scale=1.0, digits=3):
    """One table cell: the row's value scaled and rounded, or blank when the row or value is missing."""
    value = row.get(key) if row else None
    return '' if value in (None, '') else f'{float(value) * scale:.{digits}f}'


def main():
    torch = rows(os.path.join(DOCS, 'lrnet-torch-reference', 'history.jsonl'), json_lines)
    authors = rows(os.path.join(DOCS, 'lrnet-torch-reference', 'authors-history.csv'), csv.DictReader)
    ours = [(rows(os.path.join(DOCS, run, 'metrics.csv'), csv.DictReader), rows(os.path.join(DOCS, run, 'test-curve.jsonl'), json_lines))
            for run in ('lrnet-fashion-mnist-authors-run', 'lrnet-fashion-mnist-seed0')]
    print('| epoch | train loss: PyTorch | ours, 60k | ours, seed 0 | authors '
          '| test accuracy %: PyTorch | ours, 60k | ours, seed 0 | authors | test loss: PyTorch | ours, 60k | ours, seed 0 |')
    print('|' + ' - |' * 12)
    for epoch in sorted(set(torch) | set(authors)):
        t, a = torch.get(epoch), authors.get(epoch)
        train = [metrics.get(epoch) for metrics, _ in ours]
        test = [curve.get(epoch) for _, curve in ours]
        print(f'| {epoch} | {cell(t, "loss")} | ' + ' | '.join(cell(o, 'loss') for o in train) + f' | {cell(a, "loss")} '
              f'| {cell(t, "test_accuracy", 100, 2)} | ' + ' | '.join(cell(o, 'accuracy', 100, 2) for o in test)
              + f' | {cell(a, "test_accuracy", 100, 2)} | {cell(t, "test_loss")} | ' + ' | '.join(cell(o, 'loss') for o in test) + ' |')


if __name__ == '__main__':
    main()
