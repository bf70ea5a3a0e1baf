/** A refusal the CLI prints as is (no stack): wrong key, missing role, bad option. */
export class CliError extends Error {
  /** @param exitCode what the process exits with; 1 unless the command documents others */
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
