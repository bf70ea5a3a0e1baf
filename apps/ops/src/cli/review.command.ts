import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { isoWeek, PeriodError } from '../kpis/ops-kpis';
import { loadOpsConfig } from '../ops.config';
import { reviewMarkdown } from '../review/review-markdown';
import { weeklyReview } from '../review/weekly-review';
import { openDeadLetterReader } from '../kpis/open-dead-letters';
import { CliError } from './cli-error';
import { authenticate } from './cli-operator';
import { print, runWithContext } from './cli-action';

export function reviewCommand(): Command {
  return new Command('review')
    .description(
      "the COO's weekly operating review as one Markdown page: SLA performance per integration " +
        'point, jeopardies and escalations, the KPIs beside the previous week, dead letters by ' +
        'owner, what breached and who owned it',
    )
    .requiredOption('--week <week>', 'an ISO week in UTC, such as 2026-W48')
    .option('--out <file>', 'write the page to this file instead of stdout')
    .addHelpText('after', '\nNeeds an operator key with the ops or viewer role.')
    .action(async (options: { week: string; out?: string }, command: Command) => {
      let week;
      try {
        week = isoWeek(options.week);
      } catch (error) {
        if (error instanceof PeriodError) throw new CliError(error.message, 2);
        throw error;
      }
      await runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey, ['ops', 'viewer']);
        const review = await weeklyReview(
          ctx.dataSource,
          ctx.ownership,
          openDeadLetterReader(ctx.ops),
          week,
          loadOpsConfig().unbilledAfterDays,
        );
        const page = reviewMarkdown(review);
        if (options.out) {
          await writeFile(options.out, page);
          process.stderr.write(`ops: wrote the review of ${week.label} to ${options.out}\n`);
        } else print(page);
      });
    });
}
