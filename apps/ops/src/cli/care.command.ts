import { Command } from 'commander';
import { CareDiagnostics, loadCareConfig, SubscriberNotFoundError } from '@handoff/care';
import { loadMnoConfig, MnoProvisioningAxiosAdapter } from '@handoff/mno-provisioning';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { careText } from './render/care-text';

function showCommand(): Command {
  return new Command('show')
    .description(
      "one subscriber's diagnostic view, by MSISDN, ICCID or subscriber id (masked; audited)",
    )
    .argument('<identifier>', 'an MSISDN (+14155550123), an ICCID or a subscriber id')
    .option('--json', 'print JSON')
    .action(async (identifier: string, options: { json?: boolean }, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        const operator = await authenticate(ctx.dataSource, apiKey, ['care', 'ops']);
        const mno = new MnoProvisioningAxiosAdapter(loadMnoConfig(process.env));
        const care = new CareDiagnostics({
          db: ctx.dataSource,
          ownership: ctx.ownership,
          mno,
          settings: loadCareConfig(process.env),
        });
        try {
          const view = await care.lookUp(identifier, operator);
          if (options.json) printJson(view);
          else print(careText(view));
          return 0;
        } catch (error) {
          if (!(error instanceof SubscriberNotFoundError)) throw error;
          process.stderr.write(`${error.message}\n`);
          return 1;
        } finally {
          mno.close();
        }
      }),
    );
}

export function careCommand(): Command {
  return new Command('care')
    .description("care's read-only diagnostic view of one subscriber")
    .addCommand(showCommand());
}
