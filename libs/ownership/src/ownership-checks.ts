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

/**
 * A point's error categories: ids unique, exactly one catch-all, a code in one category only, and
 * the SLA covering only categories the point declares.
 */
function errorCategories(points: [number, Raw][]): string[] {
  return points.flatMap(([i, point]) => {
    const categories = recordsOf(point.errorCategories);
    if (categories.length === 0) return [];
    const where = `integrationPoints[${i}].errorCategories`;
    const catchAlls = categories.filter(([, c]) => c.catchAll === true).length;
    const problems = duplicateIds(where, categories);
    if (catchAlls !== 1) {
      problems.push(
        `${where}: declare exactly one category with catchAll: true (found ${catchAlls}); ` +
          `codes built from a vendor's answer, and any code no category lists, fall into it`,
      );
    }
    problems.push(...codesInTwoCategories(where, categories));
    const ids = new Set(categories.flatMap(([, c]) => asString(c.id) ?? []));
    const sla = isRecord(point.sla) ? point.sla : {};
    const covers = Array.isArray(sla.covers) ? sla.covers : [];
    for (const covered of covers) {
      if (typeof covered === 'string' && !ids.has(covered)) {
        problems.push(
          `integrationPoints[${i}].sla.covers: "${covered}" is not one of the point's error ` +
            `categories (${[...ids].join(', ')})`,
        );
      }
    }
    return problems;
  });
}

function codesInTwoCategories(where: string, categories: [number, Raw][]): string[] {
  const seen = new Map<string, string>();
  return categories.flatMap(([k, category]) => {
    const codes = Array.isArray(category.codes) ? category.codes : [];
    return codes.flatMap((code: unknown) => {
      if (typeof code !== 'string') return [];
      const first = seen.get(code);
      seen.set(code, first ?? String(category.id));
      return first === undefined
        ? []
        : [`${where}[${k}].codes: ${code} is already in category "${first}"`];
    });
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
    ...errorCategories(points),
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
