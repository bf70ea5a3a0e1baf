import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { FaultBook } from '../../shared/faults/fault-book';
import { CallStats } from '../../shared/stats/call-stats';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { TaxDocumentStore } from '../documents/tax-document.store';
import type { LedgerEntry } from '../documents/tax-document.types';
import { JurisdictionCatalog } from '../jurisdictions/jurisdiction-catalog';
import { taxError } from '../tax-error';

const ledgerQuery = z.object({ documentCode: z.string().min(1).optional() });

/** Test and demo controls of the tax engine simulator; faults live in the shared `/admin/faults`. */
@ApiTags('admin')
@Controller('admin')
export class TaxAdminController {
  constructor(
    @Inject(TaxDocumentStore) private readonly store: TaxDocumentStore,
    @Inject(FaultBook) private readonly faults: FaultBook,
    @Inject(CallStats) private readonly calls: CallStats,
    @Inject(JurisdictionCatalog) private readonly jurisdictions: JurisdictionCatalog,
  ) {}

  @Put('coverage/:code')
  @ApiOperation({
    summary: 'Fix the tax configuration: load the rules of a place the engine answered zero for',
    description:
      'Quotes of uncommitted documents in that place are recalculated when asked again. Known: ' +
      'US-GU-HAGATNA. Again: no change.',
  })
  cover(@Param('code') code: string) {
    return this.coverageOf(code, this.jurisdictions.cover(code));
  }

  @Delete('coverage/:code')
  @ApiOperation({
    summary: 'Back to the configuration the engine started with (zero tax for Guam)',
  })
  uncover(@Param('code') code: string) {
    return this.coverageOf(code, this.jurisdictions.uncover(code));
  }

  private coverageOf(code: string, found: ReturnType<JurisdictionCatalog['cover']>) {
    if (!found) throw taxError.noCoverage(code);
    return { code: found.code, name: found.name, revision: found.revision, rules: found.rules };
  }

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
  @ApiOperation({ summary: 'Forget documents, the ledger, faults, counters and coverage changes' })
  reset(): void {
    this.store.clear();
    this.jurisdictions.restore();
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
