import path from 'node:path';

/** The shared real datasets (beside the repository, as in CI). */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
