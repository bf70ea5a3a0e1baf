import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Runs `depcruise` with the repository's own rules (.dependency-cruiser.cjs) over small trees laid
 * out like ours, so a rule that silently stopped matching (a renamed folder, a changed dependency
 * type) fails here instead of letting every import through.
 */
const ROOT = resolve(__dirname, '../../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

type Tree = Record<string, string>;

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

interface CruiseResult {
  exitCode: number;
  violations: Violation[];
}

/** What every tree has: aliases like ours, and stand-ins for the packages the rules name. */
const BASE: Tree = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      baseUrl: './',
      paths: {
        '@handoff/alpha': ['libs/alpha/src'],
        '@handoff/alpha/testing': ['libs/alpha/src/testing'],
        '@handoff/messaging': ['libs/messaging/src'],
      },
    },
  }),
  ...stubPackage('kafkajs'),
  ...stubPackage('axios'),
  ...stubPackage('@nestjs/common'),
  'libs/alpha/src/index.ts': 'export const alpha = 1;\n',
  'libs/alpha/src/alpha.fake.ts': 'export const fake = 2;\n',
  'libs/alpha/src/testing/index.ts': "export * from '../alpha.fake';\n",
  'libs/messaging/src/index.ts': "export * from './kafkajs/client';\n",
  'libs/messaging/src/kafkajs/client.ts': "export { Kafka } from 'kafkajs';\n",
  'apps/svc/src/main.ts': "import { alpha } from '@handoff/alpha';\nexport const main = alpha;\n",
  'apps/other/src/main.ts': 'export const other = 2;\n',
  'test/support/h.ts': 'export const h = 1;\n',
};

function stubPackage(name: string): Tree {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, main: 'index.js' }),
    [`node_modules/${name}/index.js`]: 'module.exports = {};\n',
  };
}

function layOut(tree: Tree): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-boundaries-'));
  for (const [path, text] of Object.entries({ ...BASE, ...tree })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function run(dir: string, outputType: string) {
  const args = ['apps', 'libs', 'test', '--config', CONFIG, '--output-type', outputType];
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(DEPCRUISE, args, { cwd: dir }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The JSON report, for which rule caught what, and the exit code of the default reporter, the one
 * `npm run boundaries` uses and CI reads.
 */
async function cruise(tree: Tree): Promise<CruiseResult> {
  const dir = layOut(tree);
  try {
    const [report, plain] = await Promise.all([run(dir, 'json'), run(dir, 'err')]);
    if (!report.stdout) throw new Error(`depcruise gave no report: ${report.stderr}`);
    const output = JSON.parse(report.stdout) as { summary: { violations: Violation[] } };
    return { exitCode: plain.code, violations: output.summary.violations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One breach per rule, each in a file of its own, so the report shows which rule caught which. */
const BREACHES: Record<string, Tree> = {
  'libs-never-import-apps': { 'libs/alpha/src/up.ts': "import '../../../apps/svc/src/main';\n" },
  'apps-never-import-apps': { 'apps/svc/src/peer.ts': "import '../../other/src/main';\n" },
  'messaging-is-framework-free': { 'libs/messaging/src/nest.ts': "import '@nestjs/common';\n" },
  'no-direct-kafkajs': { 'apps/svc/src/kafka.ts': "import 'kafkajs';\n" },
  'no-direct-axios': { 'libs/alpha/src/http.ts': "import 'axios';\n" },
  'no-relative-import-into-another-lib': {
    'libs/beta/src/index.ts': "import '../../alpha/src';\n",
  },
  'libs-only-through-their-alias': {
    'apps/svc/src/deep.ts': "import '../../../libs/alpha/src';\n",
  },
  'no-harness-in-production': { 'libs/gamma/src/index.ts': "export * from './gamma.fake';\n" },
  'no-test-code-in-production': { 'apps/svc/src/t.ts': "import '../../../test/support/h';\n" },
  'no-cycles': {
    'libs/alpha/src/a.ts': "import './b';\n",
    'libs/alpha/src/b.ts': "import './a';\n",
  },
  'no-unresolvable': { 'apps/svc/src/typo.ts': "import '@handoff/alpah';\n" },
};

describe('the import boundary rules', () => {
  it('pass a tree that imports libs by alias, keeps kafkajs in the adapter and tests apps', async () => {
    const result = await cruise({
      'test/e2e/svc.test.ts': "import '../../apps/svc/src/main';\n",
      'libs/alpha/src/alpha.spec.ts': "import '@handoff/alpha/testing';\n",
    });
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('fail on a breach of each rule, naming the rule and the file that broke it', async () => {
    const tree: Tree = { 'libs/gamma/src/gamma.fake.ts': 'export const g = 3;\n' };
    const expected: string[] = [];
    for (const [rule, files] of Object.entries(BREACHES)) {
      Object.assign(tree, files);
      expected.push(`${rule} ${Object.keys(files)[0]}`);
    }
    const result = await cruise(tree);
    const found = new Set(result.violations.map((v) => `${v.rule.name} ${v.from}`));
    expect([...found].sort()).toEqual(expected.sort());
    expect(result.exitCode).not.toBe(0);
  });
});
