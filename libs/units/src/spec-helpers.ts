// Test-only helper (not exported from the index).
export { caught } from '../../../test/support/caught';
