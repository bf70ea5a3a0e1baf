import type { Command } from 'commander';
import { loadOpsConfig } from '../ops.config';
import { openCliContext, type CliContext } from './ops-cli-context';

export type CliWork = (ctx: CliContext, apiKey: string | undefined) => Promise<number | void>;

/** Runs a command with Kafka and PostgreSQL open, closes them whatever happens, sets the exit code. */
export async function runWithContext(command: Command, work: CliWork): Promise<void> {
  const { apiKey } = command.optsWithGlobals<{ apiKey?: string }>();
  const ctx = await openCliContext();
  try {
    process.exitCode = (await work(ctx, apiKey ?? loadOpsConfig().operatorKey)) ?? 0;
  } finally {
    await ctx.close();
  }
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}
