import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TEST_CONTENT_DB = path.join(ROOT, 'test-results', 'vitest', 'content.db');
