// Import boundaries, checked by `npm run boundaries` (CI runs it after lint). docs/boundaries.md
// explains each rule and lists the few known exceptions.
/** Production code: everything under apps/ and libs/ except unit specs and test harnesses. */
const HARNESS = '(\\.spec\\.ts$|\\.fake\\.ts$|/testing/)';

/** The only code that may hold the Kafka client: messaging's adapter and the devstack's probe. */
const KAFKAJS_OWNERS = ['^libs/messaging/src/kafkajs/', '^libs/devstack/src/kafka/'];
/** The only code that may hold the HTTP client: vendor adapters, the registry client, the devstack. */
const AXIOS_OWNERS = [
  '^libs/mno-provisioning/src/',
  '^libs/payments/src/',
  '^libs/tax-engine/src/',
  '^libs/messaging/src/serde/schema-registry\\.client\\.ts$',
  '^libs/devstack/src/registry/',
  // The one interceptor helper that traces every vendor adapter's calls (types only), and its spec.
  '^libs/observability/src/tracing/vendor-call-tracing(\\.spec)?\\.ts$',
];
/** The simulators stand in for vendors; their own code may use any client. */
const SIMULATORS = '^apps/vendor-simulators/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      comment: 'A lib is a boundary an app is wired from; it never reaches back into an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-apps',
      comment: 'Apps are deployables; what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'messaging-is-framework-free',
      comment:
        'libs/messaging imports nothing from Nest; the Nest glue lives in libs/messaging-nest.',
      severity: 'error',
      from: { path: '^libs/messaging/' },
      to: { path: ['^node_modules/@nestjs/', '^libs/messaging-nest/'] },
    },
    {
      name: 'no-direct-kafkajs',
      comment:
        'Services and libs use the messaging port; only its kafkajs adapter holds the client.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: [...KAFKAJS_OWNERS, SIMULATORS] },
      to: { path: '^node_modules/kafkajs/' },
    },
    {
      name: 'no-direct-axios',
      comment: 'Services and libs call vendor ports; only the adapters hold the HTTP client.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: [...AXIOS_OWNERS, SIMULATORS] },
      to: { path: '^node_modules/axios/' },
    },
    {
      name: 'no-relative-import-into-another-lib',
      comment: 'Import another lib through its @handoff/* alias, never by a relative path.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'libs-only-through-their-alias',
      comment: 'Apps, tests and benchmarks import libs through their @handoff/* alias.',
      severity: 'error',
      from: { path: '^(apps|test|bench|contracts)/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-harness-in-production',
      comment:
        'Fakes (*.fake.ts) and testing/ folders serve tests only: production code, and so a ' +
        "lib's index.ts, never imports them. Tests reach them through @handoff/<lib>/testing.",
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: HARNESS },
      to: { path: HARNESS },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'test/ and bench/ are harnesses; production code never imports them.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: HARNESS },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-cycles',
      comment: 'A cycle makes load order matter and hides which module depends on which.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to no file is a typo or a missing @handoff/* path.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.cache)/' },
    // Type-only imports count: a boundary holds for types as much as for values.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
