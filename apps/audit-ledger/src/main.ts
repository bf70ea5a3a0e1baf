import 'reflect-metadata';
import { startAuditLedger } from './start-audit-ledger';

startAuditLedger().then(
  () => process.stdout.write('audit ledger consuming every business topic\n'),
  (error: unknown) => {
    process.stderr.write(
      `audit ledger failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
