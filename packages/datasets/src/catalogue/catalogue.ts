import { UnknownPluginError, closestName } from '@lowres/core';
import type { ExpectedFile } from './download';
import { embeddedDataDir } from './embedded-data';

/** Names of the datasets {@link loadDataset} knows. */
export const DATASET_NAMES = [
  'mnist',
  'fashion-mnist',
  'fashion-mnist-mini',
  'kmnist',
  'oracle-mnist',
  'cifar-10',
  'cifar-100',
  'tiny-imagenet',
  'div2k',
  'cub-200-2011',
  'flowers-102',
  'stanford-cars',
] as const;

/** A dataset name {@link loadDataset} knows. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Every split name a catalogue entry can offer. */
export type DatasetSplit = 'train' | 'validation' | 'test';

/** One downloadable file of a dataset, with what it must verify against (undefined = unknown). */
export interface CatalogueFile extends ExpectedFile {
  name: string;
}

/** What the catalogue knows about a dataset. */
export interface DatasetInfo {
  name: DatasetName;
  title: string;
  format: 'idx' | 'cifar-10' | 'cifar-100' | 'tiny-imagenet' | 'div2k' | 'cub-200-2011' | 'flowers-102' | 'stanford-cars';
  /** Number of classes (0 for the SR-only DIV2K). */
  classes: number;
  classNames?: readonly string[];
  /** Image count per split. */
  splits: Partial<Record<DatasetSplit, number>>;
  /** Native image size where all images share one. */
  image?: { height: number; width: number; channels: number };
  homepage: string;
  /** Base URL the IDX files can be fetched from (file name appended). */
  baseUrl?: string;
  /** Per-split files fetched from baseUrl. */
  files?: Partial<Record<DatasetSplit, CatalogueFile[]>>;
  /** Archive to fetch and unpack by hand where there is no per-file download. */
  archiveUrl?: string;
  /** Folders where an operating-system package installs the data. */
  systemDirs?: readonly string[];
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MNIST_SPLITS = { train: 60_000, test: 10_000 };
const GRAY_28 = { height: 28, width: 28, channels: 1 };
const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function idxFiles(contentSha256: Partial<Record<string, string>> = {}): Partial<Record<DatasetSplit, CatalogueFile[]>> {
  const file = (name: string): CatalogueFile => {
    const hash = contentSha256[name];
    return hash ? { name: `${name}.gz`, contentSha256: hash } : { name: `${name}.gz` };
  };
  return {
    train: [file('train-images-idx3-ubyte'), file('train-labels-idx1-ubyte')],
    test: [file('t10k-images-idx3-ubyte'), file('t10k-labels-idx1-ubyte')],
  };
}

const CATALOGUE: Record<DatasetName, DatasetInfo> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST handwritten digits',
    format: 'idx',
    classes: 10,
    classNames: DIGITS,
    splits: MNIST_SPLITS,
    image: GRAY_28,
    homepage: 'http://yann.lecun.com/exdb/mnist/',
    // yann.lecun.com no longer serves the files anonymously; this is the mirror torchvision uses.
    baseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    files: idxFiles(),
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST (Zalando)',
    format: 'idx',
    classes: 10,
    classNames: FASHION_MNIST_CLASSES,
    splits: MNIST_SPLITS,
    image: GRAY_28,
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    // sha256 of the uncompressed IDX content, computed from Debian's dataset-fashion-mnist files.
    files: idxFiles({
      'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    }),
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
  },
  'fashion-mnist-mini': {
    name: 'fashion-mnist-mini',
    title: 'Fashion-MNIST subset shipped with @lowres/datasets (first 300 / 100 images per class)',
    format: 'idx',
    classes: 10,
    classNames: FASHION_MNIST_CLASSES,
    splits: { train: 3_000, test: 1_000 },
    image: GRAY_28,
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    systemDirs: [embeddedDataDir('fashion-mnist-mini')],
  },
  kmnist: {
    name: 'kmnist',
    title: 'Kuzushiji-MNIST',
    format: 'idx',
    classes: 10,
    classNames: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
    splits: MNIST_SPLITS,
    image: GRAY_28,
    homepage: 'https://github.com/rois-codh/kmnist',
    baseUrl: 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/',
    files: idxFiles(),
  },
  'oracle-mnist': {
    name: 'oracle-mnist',
    title: 'Oracle-MNIST (ancient Chinese characters)',
    format: 'idx',
    classes: 10,
    splits: { train: 27_222, test: 3_000 },
    image: GRAY_28,
    homepage: 'https://github.com/wm-bupt/oracle-mnist',
  },
  'cifar-10': {
    name: 'cifar-10',
    title: 'CIFAR-10 (binary version)',
    format: 'cifar-10',
    classes: 10,
    classNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
    splits: { train: 50_000, test: 10_000 },
    image: { height: 32, width: 32, channels: 3 },
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    archiveUrl: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  },
  'cifar-100': {
    name: 'cifar-100',
    title: 'CIFAR-100 (binary version; fine and coarse labels)',
    format: 'cifar-100',
    classes: 100,
    splits: { train: 50_000, test: 10_000 },
    image: { height: 32, width: 32, channels: 3 },
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    archiveUrl: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
  },
  'tiny-imagenet': {
    name: 'tiny-imagenet',
    title: 'Tiny ImageNet (200 classes, 64×64)',
    format: 'tiny-imagenet',
    classes: 200,
    splits: { train: 100_000, validation: 10_000 },
    image: { height: 64, width: 64, channels: 3 },
    homepage: 'http://cs231n.stanford.edu/',
    archiveUrl: 'http://cs231n.stanford.edu/tiny-imagenet-200.zip',
  },
  div2k: {
    name: 'div2k',
    title: 'DIV2K (super-resolution, HR and bicubic LR)',
    format: 'div2k',
    classes: 0,
    splits: { train: 800, validation: 100 },
    homepage: 'https://data.vision.ee.ethz.ch/cvl/DIV2K/',
  },
  'cub-200-2011': {
    name: 'cub-200-2011',
    title: 'Caltech-UCSD Birds-200-2011',
    format: 'cub-200-2011',
    classes: 200,
    splits: { train: 5_994, test: 5_794 },
    homepage: 'https://www.vision.caltech.edu/datasets/cub_200_2011/',
  },
  'flowers-102': {
    name: 'flowers-102',
    title: 'Oxford 102 Category Flower Dataset',
    format: 'flowers-102',
    classes: 102,
    splits: { train: 1_020, validation: 1_020, test: 6_149 },
    homepage: 'https://www.robots.ox.ac.uk/~vgg/data/flowers/102/',
  },
  'stanford-cars': {
    name: 'stanford-cars',
    title: 'Stanford Cars (196 classes)',
    format: 'stanford-cars',
    classes: 196,
    splits: { train: 8_144, test: 8_041 },
    homepage: 'https://ai.stanford.edu/~jkrause/cars/car_dataset.html',
  },
};

/** All catalogue entries. */
export function listDatasets(): DatasetInfo[] {
  return DATASET_NAMES.map((name) => CATALOGUE[name]);
}

/** The catalogue entry of `name`; an unknown name throws UnknownPluginError with a suggestion. */
export function datasetInfo(name: string): DatasetInfo {
  const info = (CATALOGUE as Record<string, DatasetInfo | undefined>)[name];
  if (info) return info;
  throw new UnknownPluginError('dataset', name, DATASET_NAMES, closestName(name, DATASET_NAMES), 'UNKNOWN_DATASET');
}
