// Layering rules, checked by `npm run lint:deps` and by test/architecture.e2e-spec.ts.
// Libraries never reach into applications; the node and the hub share code only
// through libraries; the pure libraries (rules, units, contracts, catalogue
// shapes, federation merge) stay free of frameworks, databases and brokers so
// they can be tested and reasoned about alone.
const PURE_LIBS = '^libs/(contracts|units|policy|catalogue|federation)/';
const INFRASTRUCTURE = '^node_modules/(@nestjs|typeorm|pg|pg-copy-streams|@nats-io|express|@apollo)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles make load order and reasoning fragile.', from: {}, to: { circular: true } },
    { name: 'libs-not-apps', severity: 'error', comment: 'A library must not depend on an application.', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'node-not-hub', severity: 'error', comment: 'The node and the hub share code only through libs/.', from: { path: '^apps/node/' }, to: { path: '^apps/hub/' } },
    { name: 'hub-not-node', severity: 'error', comment: 'The node and the hub share code only through libs/.', from: { path: '^apps/hub/' }, to: { path: '^apps/node/' } },
    { name: 'pure-libs-stay-pure', severity: 'error', comment: 'These libraries hold rules and shapes only: no framework, database or broker.', from: { path: PURE_LIBS, pathNot: '\\.spec\\.ts$' }, to: { path: INFRASTRUCTURE } },
    { name: 'no-tests-in-production', severity: 'error', comment: 'Production code must not import specs or test support.', from: { pathNot: '(\\.spec\\.ts|spec-helpers\\.ts)$|^test/' }, to: { path: '(\\.spec\\.ts|spec-helpers\\.ts)$|^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules)/' },
  },
};
