import { parseDuration } from '@handoff/config';

/**
 * Checks across entries that a schema cannot express. They read the raw document, not the parsed
 * one, so that they still run (and report) when the schema has found problems elsewhere.
 */
type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const recordsOf = (value: unknown): [number, Raw][] =>
  Array.isArray(value)
    ? value.flatMap((item: unknown, i): [number, Raw][] => (isRecord(item) ? [[i, item]] : []))
    : [];

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

function duplicateIds(list: string, entries: [number, Raw][]): string[] {
  const firstIndex = new Map<string, number>();
  return entries.flatMap(([i, entry]) => {
    const id = asString(entry.id);
    if (id === undefined) return [];
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, i);
      return [];
    }
    return [`${list}[${i}].id: duplicate id "${id}" (already used by ${list}[${first}])`];
  });
}

function unknownTeams(points: [number, Raw][], teamIds: Set<string>): string[] {
  const declared = [...teamIds].join(', ') || 'none';
  return points.flatMap(([i, point]) => {
    const team = asString(point.responsibleTeam);
    if (team === undefined || teamIds.has(team)) return [];
    return [
      `integrationPoints[${i}].responsibleTeam: unknown team "${team}" (declared: ${declared})`,
    ];
  });
}

function escalationOutOfOrder(points: [number, Raw][]): string[] {
  return points.flatMap(([i, point]) => {
    const steps = recordsOf(point.escalation);
    return steps.flatMap(([k, step], n) => {
      if (n === 0) return [];
      const [, previous] = steps[n - 1];
      const before = parseDuration(asString(previous.after) ?? '');
      const after = parseDuration(asString(step.after) ?? '');
      if (before === undefined || after === undefined || after >= before) return [];
      return [
        `integrationPoints[${i}].escalation[${k}].after: ${String(step.after)} is earlier than ` +
          `the step before it (${String(previous.after)}); the chain must be in order`,
      ];
    });
  });
}

function notAHandoff(points: [number, Raw][]): string[] {
  return points.flatMap(([i, point]) =>
    point.from === 'handoff' || point.to === 'handoff'
      ? []
      : [`integrationPoints[${i}]: neither "from" nor "to" is "handoff"`],
  );
}

const VENDOR_SLA_FIELDS = ['operations', 'vendorFailures', 'probeEvery'] as const;

const isEmpty = (value: unknown) =>
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (isRecord(value) && Object.keys(value).length === 0);

/**
 * A point that calls a vendor is measured: per-operation SLAs (one number for a whole vendor would
 * be wrong), the codes that count as the vendor's failure, and a probe for when there is no traffic.
 * A point that calls none has nothing to probe.
 */
function slaMeasurement(points: [number, Raw][]): string[] {
  return points.flatMap(([i, point]) => {
    const sla = isRecord(point.sla) ? point.sla : undefined;
    if (!sla) return [];
    const callsVendor = Array.isArray(point.vendorClients) && point.vendorClients.length > 0;
    if (callsVendor) {
      return VENDOR_SLA_FIELDS.filter((field) => isEmpty(sla[field])).map(
        (field) =>
          `integrationPoints[${i}].sla.${field}: required for a point that calls a vendor ` +
          `(${String(point.id)} calls ${(point.vendorClients as unknown[]).join(', ')})`,
      );
    }
    return (['vendorFailures', 'probeEvery'] as const)
      .filter((field) => sla[field] !== undefined)
      .map(
        (field) =>
          `integrationPoints[${i}].sla.${field}: only a point that calls a vendor is probed ` +
          `and measured by vendor failures`,
      );
  });
}

export function crossCheck(document: unknown): string[] {
  if (!isRecord(document)) return [];
  const teams = recordsOf(document.teams);
  const points = recordsOf(document.integrationPoints);
  const teamIds = new Set(teams.flatMap(([, team]) => asString(team.id) ?? []));
  return [
    ...duplicateIds('teams', teams),
    ...duplicateIds('integrationPoints', points),
    ...unknownTeams(points, teamIds),
    ...escalationOutOfOrder(points),
    ...notAHandoff(points),
    ...slaMeasurement(points),
  ];
}

/** The id of the integration point a path points into, to make a message easier to place. */
export function integrationPointIdAt(
  document: unknown,
  path: (string | number)[],
): string | undefined {
  if (!isRecord(document) || path[0] !== 'integrationPoints' || typeof path[1] !== 'number') {
    return undefined;
  }
  const points = document.integrationPoints;
  const point: unknown = Array.isArray(points) ? points[path[1]] : undefined;
  return isRecord(point) ? asString(point.id) : undefined;
}
