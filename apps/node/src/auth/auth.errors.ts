// One copy of the refusals, shared with the hub (@littoral/auth).
export { unauthenticated, forbidden, type UnauthenticatedReason } from '@littoral/auth';
