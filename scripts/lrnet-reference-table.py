#!/usr/bin/env python3
"""Prints item 1's three LR-Net curves side by side as a Markdown table, one row per epoch: the PyTorch
reference (docs/reproductions/lrnet-torch-reference/history.jsonl), our seed 0 (its metrics.csv and
the test curve scored by scripts/test-curve.sh) and the authors' published history
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
    ours = rows(os.path.join(DOCS, 'lrnet-fashion-mnist-seed0', 'metrics.csv'), csv.DictReader)
    ours_test = rows(os.path.join(DOCS, 'lrnet-fashion-mnist-seed0', 'test-curve.jsonl'), json_lines)
    print('| epoch | train loss: PyTorch | ours | authors | test accuracy %: PyTorch | ours | authors | test loss: PyTorch | ours |')
    print('| - | - | - | - | - | - | - | - | - |')
    for epoch in sorted(set(torch) | set(authors)):
        t, a, o, ot = torch.get(epoch), authors.get(epoch), ours.get(epoch), ours_test.get(epoch)
        print(f'| {epoch} | {cell(t, "loss")} | {cell(o, "loss")} | {cell(a, "loss")} '
              f'| {cell(t, "test_accuracy", 100, 2)} | {cell(ot, "accuracy", 100, 2)} | {cell(a, "test_accuracy", 100, 2)} '
              f'| {cell(t, "test_loss")} | {cell(ot, "loss")} |')


if __name__ == '__main__':
    main()
