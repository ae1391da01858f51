import { openApp } from '../electron/services/app';
import { exportToFiles } from '../electron/services/records/exportJobs';
const app = await openApp({ dataDir: '/work/tmp/e7/data', bundledContentDb: 'dist/content/content.db' });
for (let i = 0; i < 2; i++) {
  const r0 = process.resourceUsage(); const t0 = performance.now();
  await exportToFiles(app, { role: 'admin', personId: -1 }, 'csv', {}, { dir: '/work/tmp/e7/out-csv' }, () => {});
  const r1 = process.resourceUsage();
  console.log('wall', (performance.now() - t0).toFixed(0), 'user', ((r1.userCPUTime - r0.userCPUTime) / 1000).toFixed(0), 'sys', ((r1.systemCPUTime - r0.systemCPUTime) / 1000).toFixed(0), 'minflt', r1.minorPageFault - r0.minorPageFault, 'majflt', r1.majorPageFault - r0.majorPageFault, 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0), 'heap', (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0), 'vcsw', r1.voluntaryContextSwitches - r0.voluntaryContextSwitches, 'ivcsw', r1.involuntaryContextSwitches - r0.involuntaryContextSwitches);
}
