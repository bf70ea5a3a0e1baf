import { checkBackwardCompatibility } from '../compatibility/backward-compatibility';
import { ContractSchema } from '../registry/scan-contracts';
import { displayPath } from '../schema/schema-files';

export interface UpgradeReport {
  problems: string[];
  /** Version pairs checked. */
  upgrades: number;
}

/** For each event type, versions run 1..N and every N+1 reads data written with N. */
export function checkUpgrades(
  contractsDir: string,
  schemas: readonly ContractSchema[],
): UpgradeReport {
  const report: UpgradeReport = { problems: [], upgrades: 0 };
  const byName = new Map<string, ContractSchema[]>();
  for (const schema of schemas) {
    byName.set(schema.fullName, [...(byName.get(schema.fullName) ?? []), schema]);
  }
  for (const [fullName, versions] of byName) {
    versions.sort((a, b) => a.version - b.version);
    versions.forEach((schema, index) => {
      if (schema.version !== index + 1) {
        report.problems.push(
          `${displayPath(contractsDir, schema.file)}: ${fullName} v${index + 1} is missing`,
        );
      }
      if (index > 0) {
        report.problems.push(...upgradeProblems(contractsDir, versions[index - 1], schema));
      }
    });
    report.upgrades += versions.length - 1;
  }
  return report;
}

function upgradeProblems(
  contractsDir: string,
  previous: ContractSchema,
  next: ContractSchema,
): string[] {
  const where = displayPath(contractsDir, next.file);
  return checkBackwardCompatibility(previous.json, next.json).map(
    (p) => `${where}: v${next.version} cannot read v${previous.version} data: ${p.message}`,
  );
}
