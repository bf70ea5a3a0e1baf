import { latestVersions } from '../codegen/generate-types';
import { ContractSchema, scanContracts } from '../registry/scan-contracts';
import { displayPath } from '../schema/schema-files';

/**
 * What the check asks of a registry. Messaging's SchemaRegistryClient answers it; contracts sits
 * below messaging, so it names only the questions instead of importing the client (no cycle).
 */
export interface RegistryQuestions {
  readonly displayUrl: string;
  lookup(
    subject: string,
    schema: string,
  ): Promise<{ found: true } | { found: false; subjectExists: boolean }>;
  checkCompatibility(
    subject: string,
    schema: string,
  ): Promise<{ compatible: boolean; messages: string[] }>;
}

export interface RegistryCheckOptions {
  contractsDir: string;
  client: RegistryQuestions;
  /** The subject strategy services use (record name: the Avro full name). */
  subjectOf: (fullName: string) => string;
}

export interface RegistryCheckReport {
  problems: string[];
  summary: string;
}

type Verdict = 'registered' | 'new subject' | 'new version' | 'incompatible';

/**
 * Asks the registry about the latest version of every event type: already registered, a new
 * subject, or a new version the subject's compatibility rule accepts. Read-only: registers nothing.
 */
export async function checkAgainstRegistry(
  options: RegistryCheckOptions,
): Promise<RegistryCheckReport> {
  const scan = scanContracts(options.contractsDir);
  const schemas = latestVersions([...scan.registered, ...scan.unregistered]);
  const problems: string[] = [];
  const verdicts = await Promise.all(
    schemas.map((schema) => verdictFor(options, schema, problems)),
  );
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  const summary =
    `registry ${options.client.displayUrl}: ${schemas.length} event types, ` +
    `${count('registered')} registered, ${count('new version')} compatible new version(s), ` +
    `${count('new subject')} new subject(s)`;
  return { problems, summary };
}

async function verdictFor(
  { client, subjectOf, contractsDir }: RegistryCheckOptions,
  schema: ContractSchema,
  problems: string[],
): Promise<Verdict> {
  const subject = subjectOf(schema.fullName);
  const text = JSON.stringify(schema.json);
  const lookup = await client.lookup(subject, text);
  if (lookup.found) return 'registered';
  if (!lookup.subjectExists) return 'new subject';
  const verdict = await client.checkCompatibility(subject, text);
  if (verdict.compatible) return 'new version';
  const why = verdict.messages.length > 0 ? `: ${verdict.messages.join('; ')}` : '';
  problems.push(
    `${displayPath(contractsDir, schema.file)}: ${schema.fullName} v${schema.version} is not compatible ` +
      `with the latest version of subject ${subject} in the registry at ${client.displayUrl}${why}`,
  );
  return 'incompatible';
}
