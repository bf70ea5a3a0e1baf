/** The ownership matrix is invalid; `issues` lists every problem, each with its path. */
export class OwnershipMatrixError extends Error {
  constructor(
    readonly issues: readonly string[],
    readonly source = 'ownership.yaml',
  ) {
    super(`Invalid ownership matrix (${source}):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'OwnershipMatrixError';
  }
}

export type UnownedKind = 'topic-consume' | 'topic-produce' | 'vendor';

export interface UnownedIntegration {
  kind: UnownedKind;
  name: string;
}

const DESCRIBE: Record<UnownedKind, { verb: string; noun: string; list: string }> = {
  'topic-consume': { verb: 'consumes', noun: 'topic', list: 'consumes' },
  'topic-produce': { verb: 'produces', noun: 'topic', list: 'produces' },
  vendor: { verb: 'calls', noun: 'vendor', list: 'vendorClients' },
};

function describeMissing(service: string, { kind, name }: UnownedIntegration): string {
  const { verb, noun, list } = DESCRIBE[kind];
  return (
    `service "${service}" ${verb} ${noun} "${name}" but no integration point in ownership.yaml ` +
    `owns it (add it to an integration point's ${list} list)`
  );
}

/** A service touches a topic or vendor that no integration point with an owner covers. */
export class UnownedIntegrationPointError extends Error {
  constructor(
    readonly service: string,
    readonly missing: readonly UnownedIntegration[],
  ) {
    super(missing.map((m) => describeMissing(service, m)).join('\n'));
    this.name = 'UnownedIntegrationPointError';
  }
}
