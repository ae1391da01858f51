import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_IMAGES } from '../e2e/fixtures/guideImages';
import { ROOT } from '../helpers/paths';

describe('the user guide', () => {
  it('shows only screenshots that the E2E suite takes and that are present', () => {
    const dir = path.join(ROOT, 'docs', 'guide');
    const used = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\(img\/([\w-]+)\.png\)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) {
      expect(GUIDE_IMAGES as readonly string[], `${name} is not taken by the E2E suite`).toContain(name);
      expect(fs.existsSync(path.join(dir, 'img', `${name}.png`)), `docs/guide/img/${name}.png`).toBe(true);
    }
  });
});
