// The authenticator is shared with the hub (@littoral/auth); this keeps the node's import paths.
export { Authenticator, requesterOf } from '@littoral/auth';
