import type { ViewDef } from './context.js';
import { catalogueView } from './catalogue.view.js';
import { queryView } from './query.view.js';
import { membersView } from './members.view.js';
import { securityView } from './security.view.js';
import { auditView } from './audit.view.js';
import { nodeDatasetsView } from './node-datasets.view.js';
import { grantsView } from './grants.view.js';

// Which screen exists where, and for which roles: exactly the roles the API
// itself accepts for the operations the screen uses (docs/security.md,
// docs/hub.md, docs/grants.md), so nobody is offered what would be refused.

export const VIEWS: readonly ViewDef[] = [
  { route: 'query', title: 'nav.query', app: 'hub', roles: ['analyst'], render: queryView },
  { route: 'audit', title: 'nav.audit', app: 'hub', roles: ['auditor'], render: auditView },
  { route: 'members', title: 'nav.members', app: 'hub', roles: ['admin', 'auditor'], render: membersView },
  { route: 'catalogue', title: 'nav.catalogue', app: 'hub', roles: ['analyst', 'admin'], render: catalogueView },
  { route: 'security', title: 'nav.security', app: 'hub', roles: ['admin', 'auditor'], render: securityView },
  { route: 'grants', title: 'nav.grants', app: 'node', roles: ['admin'], render: grantsView },
  { route: 'audit', title: 'nav.audit', app: 'node', roles: ['auditor'], render: auditView },
  { route: 'datasets', title: 'nav.datasets', app: 'node', roles: ['admin', 'operator', 'analyst', 'auditor'], render: nodeDatasetsView },
];
