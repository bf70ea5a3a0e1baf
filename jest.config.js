// Three tiers told apart by path: unit specs beside the code, integration and e2e under test/.
// Tests provoke retries and dead letters on purpose; their warnings would bury the results.
process.env.LOG_LEVEL ??= 'error';
// The ops API's operational-truth watcher would probe vendors and raise jeopardies on whatever the
// shared test database holds; a test that wants it running sets an interval itself.
process.env.OPS_WATCH_INTERVAL_MS ??= '0';

const { readFileSync } = require('node:fs');
const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const aliases = require('./tsconfig.json').compilerOptions.paths;

const moduleNameMapper = Object.fromEntries(
  Object.entries(aliases).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] };
const common = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  // Integration tests wait on real brokers with their own deadlines; this is only the outer bound.
  testTimeout: 180000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,contracts,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
