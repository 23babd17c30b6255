// The roles are the network's, shared with the hub (@littoral/auth).
export { ROLES, isRole, type Role, type Requester } from '@littoral/auth';
