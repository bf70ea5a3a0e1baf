import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { FaultBook } from '../../shared/faults/fault-book';
import { CallStats } from '../../shared/stats/call-stats';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { TaxDocumentStore } from '../documents/tax-document.store';
import type { LedgerEntry } from '../documents/tax-document.types';

const ledgerQuery = z.object({ documentCode: z.string().min(1).optional() });

/** Test and demo controls of the tax engine simulator; faults live in the shared `/admin/faults`. */
@ApiTags('admin')
@Controller('admin')
export class TaxAdminController {
  constructor(
    @Inject(TaxDocumentStore) private readonly store: TaxDocumentStore,
    @Inject(FaultBook) private readonly faults: FaultBook,
    @Inject(CallStats) private readonly calls: CallStats,
  ) {}

  @Get('ledger')
  @ApiOperation({
    summary: 'The effects ledger: documents committed, voided and adjusted, in order',
  })
  ledger(
    @Query(new ZodValidationPipe(ledgerQuery, 'query')) query: z.infer<typeof ledgerQuery>,
  ): LedgerEntry[] {
    return this.store.entries(query.documentCode);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget documents, the ledger, faults and counters' })
  reset(): void {
    this.store.clear();
    this.faults.clear();
    this.calls.clear();
  }

  @Get('stats')
  @ApiOperation({ summary: 'Calls per endpoint and outcome, documents per status, ledger size' })
  stats() {
    return {
      calls: this.calls.snapshot(),
      documents: this.store.countByStatus(),
      ledgerEntries: this.store.entries().length,
    };
  }
}
