// Token verification is shared with the hub (@littoral/auth); this keeps the node's import paths.
export { bearerToken, openKeySet, toRequester, TokenVerifier, ALLOWED_ALGORITHMS, CLOCK_TOLERANCE_S, type TokenExpectations } from '@littoral/auth';
