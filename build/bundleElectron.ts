/** npm run build:electron — bundles the Electron main process and preload into dist/electron/. */
import path from 'node:path';
import { bundleElectron } from './electronBundles';

const root = path.resolve(import.meta.dirname, '..');
await bundleElectron(root);
console.log('dist/electron/main.cjs, dist/electron/preload.cjs');
