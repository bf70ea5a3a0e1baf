/** A refusal the CLI prints as is (no stack): wrong key, missing role, bad option. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
