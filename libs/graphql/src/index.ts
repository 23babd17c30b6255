// GraphQL pieces the node's and the hub's APIs share. One copy, so the two
// apps can also run in one process (GraphQL type names are global in Nest).
export * from './pagination.js';
export * from './bounding-box.js';
export { selectsField } from './selection.js';
export { LittoralErrorFilter } from './littoral-error.filter.js';
export { formatGraphqlError } from './graphql-errors.js';
