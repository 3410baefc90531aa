import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild({ index: 'src/index.ts', browser: 'src/browser.ts', 'testing/index': 'src/testing/index.ts' });
