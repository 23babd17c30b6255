// Jest compiles TypeScript and the ESM-only dependencies (NestJS 12, jose 6)
// with swc, so the project stays CommonJS. Two projects: unit specs beside the
// code, and end-to-end specs in test/ that use the real Postgres and NATS.
const esmPackages = ['@nestjs', 'jose', '@as-integrations', 'file-type', 'strtok3', 'token-types', '@tokenizer', '@borewit', 'uint8array-extras'];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@littoral/(contracts|units|config|logging|ingest|messaging|crypto|catalogue|policy|auth|federation|audit|graphql|console-server)$': '<rootDir>/libs/$1/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // Global only: Jest ignores testTimeout inside a project. End-to-end tests start
  // servers and databases; on a loaded 2-core machine that can take well over 5 s.
  testTimeout: 60000,
  // The suite runs in one process (--runInBand); a handle some end-to-end file
  // leaves open (not yet found: NATS, Postgres pools and child servers are all
  // closed in their afterAll) kept Jest from exiting after a green run. Exit
  // once the results are written; the JSON result still decides pass or fail.
  forceExit: true,
};
