import {
  ALERT_TOPICS,
  BUSINESS_TOPICS,
  FEED_TOPICS,
  groupTopics,
  Topics,
} from '@handoff/messaging';
import { loadOwnershipMatrix } from './load-ownership';
import { OwnershipMatrixError, UnownedIntegrationPointError } from './ownership-errors';
import { OwnershipMatrix } from './ownership-matrix';

function validDocument() {
  return {
    version: 1,
    teams: [{ id: 'network-ops', name: 'Network Operations', channel: 'slack:#netops' }],
    integrationPoints: [
      {
        id: 'handoff-to-mno',
        from: 'handoff',
        to: 'mno',
        description: 'SIM activation on the MNO',
        responsibleTeam: 'network-ops',
        accountable: { name: 'Marcus Oyelaran', role: 'Head of Network Operations' },
        escalation: [
          {
            who: 'Network Ops on-call',
            contact: 'pagerduty:network-ops',
            after: '0m',
            party: 'internal',
          },
          { who: 'MNO NOC', contact: 'ticket:mno-noc', after: '30m', party: 'vendor' },
        ] as Record<string, unknown>[],
        sla: {
          latencyP95: '30s',
          availability: '99.9%',
          availabilityWindow: '15m',
          vendorFailures: ['MNO.TIMEOUT'],
          probeEvery: '30s',
          operations: { submitOrFind: { latencyP95: '3s' }, portIn: { dueWithin: '1d' } },
          covers: ['vendor-outage'],
        } as Record<string, unknown>,
        errorCategories: [
          { id: 'vendor-outage', description: 'down or slow', codes: ['MNO.TIMEOUT'] },
          { id: 'order-failed', description: 'undocumented', codes: ['MNO.ORDER_FAILED'] },
          { id: 'vendor-answer', description: "the MNO's own code", catchAll: true },
        ] as Record<string, unknown>[],
        consumes: ['handoff.subscriber.lifecycle.v1'],
        produces: ['handoff.subscriber.lifecycle.v1', '*.dlt'],
        vendorClients: ['mno'],
      },
    ],
  };
}

function issuesOf(document: unknown): readonly string[] {
  try {
    OwnershipMatrix.fromDocument(document);
  } catch (error) {
    if (error instanceof OwnershipMatrixError) return error.issues;
    throw error;
  }
  throw new Error('expected the document to be rejected');
}

describe('the ownership.yaml of the repository', () => {
  const matrix = loadOwnershipMatrix();

  it.each([...BUSINESS_TOPICS, ...FEED_TOPICS, ...ALERT_TOPICS].map((t) => t.name))(
    'owns topic %s in at least one direction',
    (topic) => {
      const point = matrix.forTopic(topic, 'consume') ?? matrix.forTopic(topic, 'produce');
      expect(point).toBeDefined();
    },
  );

  it('gives the MNO usage feed, both ways, to the usage feed point', () => {
    for (const direction of ['consume', 'produce'] as const) {
      expect(matrix.forTopic(Topics.UsageFeed, direction)?.id).toBe('mno-usage-feed-to-handoff');
    }
  });

  it('owns every vendor client Handoff calls', () => {
    expect(() =>
      matrix.assertOwned({
        service: 'orchestrator',
        vendors: ['mno', 'tax-engine', 'payment-processor'],
      }),
    ).not.toThrow();
  });

  it('gives retry and dead-letter topics to the platform team', () => {
    const { retry, deadLetter } = groupTopics('handoff.orchestrator');
    for (const topic of [deadLetter, ...retry.map((r) => r.name)]) {
      expect(matrix.owner(matrix.forTopic(topic, 'produce')!).team).toBe('platform');
    }
  });
});

describe('OwnershipMatrix', () => {
  const matrix = OwnershipMatrix.fromDocument(validDocument());

  it('parses SLA and escalation durations into milliseconds', () => {
    const point = matrix.integrationPoint('handoff-to-mno')!;
    expect(point.sla).toEqual({
      latencyP95Ms: 30_000,
      availabilityPercent: 99.9,
      availabilityWindowMs: 900_000,
      vendorFailures: ['MNO.TIMEOUT'],
      probeEveryMs: 30_000,
      operations: { submitOrFind: { latencyP95Ms: 3_000 }, portIn: { dueWithinMs: 86_400_000 } },
      covers: ['vendor-outage'],
    });
    expect(point.escalation.map((s) => s.afterMs)).toEqual([0, 1_800_000]);
  });

  it('puts a code in its category, and any code no category lists in the catch-all', () => {
    expect(matrix.categoryOf('handoff-to-mno', 'MNO.TIMEOUT')).toEqual({
      category: 'vendor-outage',
      covered: true,
    });
    expect(matrix.categoryOf('handoff-to-mno', 'MNO.ORDER_FAILED')).toEqual({
      category: 'order-failed',
      covered: false,
    });
    // Built from the MNO's own answer: no category lists it.
    expect(matrix.categoryOf('handoff-to-mno', 'MNO.ICCID_BARRED')).toEqual({
      category: 'vendor-answer',
      covered: false,
    });
  });

  it('lists every category as covered or not, with the owner who must negotiate it', () => {
    expect(
      matrix.slaCoverage().map((c) => [c.category, c.covered, c.ownerTeamName, c.accountable]),
    ).toEqual([
      ['vendor-outage', true, 'Network Operations', 'Marcus Oyelaran'],
      ['order-failed', false, 'Network Operations', 'Marcus Oyelaran'],
      ['vendor-answer', false, 'Network Operations', 'Marcus Oyelaran'],
    ]);
  });

  it('finds the integration point of a vendor and its owner', () => {
    const point = matrix.forVendor('mno');
    expect(point?.id).toBe('handoff-to-mno');
    expect(matrix.owner(point!)).toMatchObject({
      integrationPoint: 'handoff-to-mno',
      team: 'network-ops',
      teamName: 'Network Operations',
      accountable: { name: 'Marcus Oyelaran', role: 'Head of Network Operations' },
    });
    expect(matrix.forVendor('bank')).toBeUndefined();
  });

  it('finds a point by topic and direction, and a pattern covers group topics', () => {
    expect(matrix.forTopic('handoff.subscriber.lifecycle.v1', 'consume')?.id).toBe(
      'handoff-to-mno',
    );
    expect(matrix.forTopic('handoff.orchestrator.dlt', 'produce')?.id).toBe('handoff-to-mno');
    expect(matrix.forTopic('handoff.orchestrator.dlt', 'consume')).toBeUndefined();
    expect(matrix.forTopic('handoff.tax.events.v1', 'produce')).toBeUndefined();
  });

  it('passes a service whose topics and vendors are all owned', () => {
    expect(() =>
      matrix.assertOwned({
        service: 'orchestrator',
        consumes: ['handoff.subscriber.lifecycle.v1'],
        vendors: ['mno'],
      }),
    ).not.toThrow();
  });

  it('names the service and each unowned topic and vendor', () => {
    let error: unknown;
    try {
      matrix.assertOwned({
        service: 'orchestrator',
        consumes: ['handoff.payment.events.v1'],
        produces: ['handoff.subscriber.lifecycle.v1'],
        vendors: ['tax-engine'],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnownedIntegrationPointError);
    const unowned = error as UnownedIntegrationPointError;
    expect(unowned.service).toBe('orchestrator');
    expect(unowned.missing).toEqual([
      { kind: 'topic-consume', name: 'handoff.payment.events.v1' },
      { kind: 'vendor', name: 'tax-engine' },
    ]);
    expect(unowned.message).toContain(
      'service "orchestrator" consumes topic "handoff.payment.events.v1" but no integration point ' +
        "in ownership.yaml owns it (add it to an integration point's consumes list)",
    );
    expect(unowned.message).toContain('calls vendor "tax-engine"');
  });
});

describe('OwnershipMatrix.fromDocument validation', () => {
  it('reports a missing accountable person with its path', () => {
    const document = validDocument();
    delete (document.integrationPoints[0] as Partial<(typeof document.integrationPoints)[0]>)
      .accountable;
    expect(issuesOf(document)).toContain(
      'integrationPoints[0].accountable: required (integration point "handoff-to-mno")',
    );
  });

  it('reports a responsible team that is not declared', () => {
    const document = validDocument();
    document.integrationPoints[0].responsibleTeam = 'network-operations';
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].responsibleTeam: unknown team "network-operations" (declared: network-ops)',
    ]);
  });

  it('reports duplicate ids', () => {
    const document = validDocument();
    document.integrationPoints.push({ ...document.integrationPoints[0] });
    document.teams.push({ ...document.teams[0] });
    expect(issuesOf(document)).toEqual([
      'teams[1].id: duplicate id "network-ops" (already used by teams[0])',
      'integrationPoints[1].id: duplicate id "handoff-to-mno" (already used by integrationPoints[0])',
    ]);
  });

  it('reports an empty or out-of-order escalation chain', () => {
    const empty = validDocument();
    empty.integrationPoints[0].escalation = [];
    expect(issuesOf(empty)[0]).toMatch(
      /^integrationPoints\[0\]\.escalation: the escalation chain is empty/,
    );

    const reversed = validDocument();
    reversed.integrationPoints[0].escalation.reverse();
    expect(issuesOf(reversed)[0]).toMatch(
      /^integrationPoints\[0\]\.escalation\[1\]\.after: 0m is earlier/,
    );
  });

  it('lists every problem at once, schema and cross-checks together', () => {
    const document = validDocument();
    const point = document.integrationPoints[0];
    point.sla.latencyP95 = 'soon';
    point.responsibleTeam = 'nobody';
    (point as Record<string, unknown>).responsibleteam = 'typo';
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].sla.latencyP95: "soon" is not a duration such as 30s, 4m, 2h (integration point "handoff-to-mno")',
      'integrationPoints[0]: Unrecognized key(s) in object: \'responsibleteam\' (integration point "handoff-to-mno")',
      'integrationPoints[0].responsibleTeam: unknown team "nobody" (declared: network-ops)',
    ]);
  });

  it('requires per-operation SLAs, vendor failures and a probe of a point that calls a vendor', () => {
    const document = validDocument();
    const sla = document.integrationPoints[0].sla;
    delete sla.operations;
    delete sla.probeEvery;
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].sla.operations: required for a point that calls a vendor (handoff-to-mno calls mno)',
      'integrationPoints[0].sla.probeEvery: required for a point that calls a vendor (handoff-to-mno calls mno)',
    ]);
  });

  it('refuses an operation SLA that promises nothing, or a malformed failure code', () => {
    const document = validDocument();
    document.integrationPoints[0].sla.operations = { getOrder: {} };
    document.integrationPoints[0].sla.vendorFailures = ['timeout'];
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].sla.vendorFailures[0]: must be an error code such as MNO.TIMEOUT (integration point "handoff-to-mno")',
      'integrationPoints[0].sla.operations.getOrder: give at least one of latencyP95, dueWithin, maxDelay (integration point "handoff-to-mno")',
    ]);
  });

  it('refuses a probe on a point that calls no vendor', () => {
    const document = validDocument();
    document.integrationPoints[0].vendorClients = [];
    delete document.integrationPoints[0].sla.operations;
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].sla.vendorFailures: only a point that calls a vendor is probed and measured by vendor failures',
      'integrationPoints[0].sla.probeEvery: only a point that calls a vendor is probed and measured by vendor failures',
    ]);
  });

  it('refuses categories without one catch-all, a code in two of them, a cover of none, a step without a party', () => {
    const document = validDocument();
    const [outage, failed, answer] = document.integrationPoints[0].errorCategories;
    failed.codes = ['MNO.TIMEOUT'];
    answer.catchAll = false;
    document.integrationPoints[0].sla.covers = ['vendor-outage', 'outages'];
    delete document.integrationPoints[0].escalation[1].party;
    expect(outage.id).toBe('vendor-outage');
    expect(issuesOf(document)).toEqual([
      'integrationPoints[0].escalation[1].party: required (integration point "handoff-to-mno")',
      'integrationPoints[0].errorCategories: declare exactly one category with catchAll: true ' +
        "(found 0); codes built from a vendor's answer, and any code no category lists, fall into it",
      'integrationPoints[0].errorCategories[1].codes: MNO.TIMEOUT is already in category "vendor-outage"',
      'integrationPoints[0].sla.covers: "outages" is not one of the point\'s error categories ' +
        '(vendor-outage, order-failed, vendor-answer)',
    ]);
  });

  it('reports a file that cannot be read, naming its path', () => {
    expect(() => loadOwnershipMatrix('/nonexistent/ownership.yaml')).toThrow(
      /\/nonexistent\/ownership\.yaml[\s\S]*cannot read the file/,
    );
  });
});
