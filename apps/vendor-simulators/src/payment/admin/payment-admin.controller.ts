import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { FaultBook } from '../../shared/faults/fault-book';
import { CallStats } from '../../shared/stats/call-stats';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { Issuer } from '../cards/issuer';
import { DECLINES_BY_CODE } from '../cards/test-cards';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { PaymentIntentStore } from '../intents/payment-intent.store';
import { PaymentIntents } from '../intents/payment-intents.service';
import { EFFECT_KINDS, type Effect, EffectsLedger } from '../ledger/effects-ledger';
import {
  PaymentSettings,
  paymentSettingsSchema,
  type PaymentSettingsValues,
} from './payment-settings';

const effectsQuery = z
  .object({
    payment_intent: z.string().min(1).optional(),
    customer: z.string().min(1).optional(),
    kind: z.enum(EFFECT_KINDS).optional(),
  })
  .strict();

const issuerDecline = z
  .object({
    declineCode: z
      .string()
      .refine(
        (code) => code in DECLINES_BY_CODE,
        `must be one of ${Object.keys(DECLINES_BY_CODE).join(', ')}`,
      ),
  })
  .strict();

/** Test and demo controls of the payment simulator; faults live in the shared `/admin/faults`. */
@ApiTags('admin')
@Controller('admin')
export class PaymentAdminController {
  constructor(
    @Inject(PaymentIntents) private readonly intents: PaymentIntents,
    @Inject(PaymentIntentStore) private readonly store: PaymentIntentStore,
    @Inject(EffectsLedger) private readonly ledger: EffectsLedger,
    @Inject(IdempotencyStore) private readonly keys: IdempotencyStore,
    @Inject(PaymentSettings) private readonly settings: PaymentSettings,
    @Inject(FaultBook) private readonly faults: FaultBook,
    @Inject(CallStats) private readonly calls: CallStats,
    @Inject(Issuer) private readonly issuer: Issuer,
  ) {}

  @Get('effects')
  @ApiOperation({
    summary: 'The effects ledger: authorizations, captures, releases, voids, expiries, refunds',
  })
  effects(
    @Query(new ZodValidationPipe(effectsQuery, 'query')) query: z.infer<typeof effectsQuery>,
  ): Effect[] {
    this.intents.expireDue();
    return this.ledger.list(query);
  }

  @Get('settings')
  readSettings(): PaymentSettingsValues {
    return this.settings.values();
  }

  @Put('settings')
  @ApiOperation({ summary: 'Change how long authorizations made from now on stay capturable' })
  updateSettings(@Body(new ZodValidationPipe(paymentSettingsSchema)) body: PaymentSettingsValues) {
    return this.settings.update(body);
  }

  @Put('issuer/:paymentMethod')
  @ApiOperation({
    summary: 'The issuer declines this payment method from now on (holds made stay)',
  })
  declineFromNowOn(
    @Param('paymentMethod') paymentMethod: string,
    @Body(new ZodValidationPipe(issuerDecline)) body: z.infer<typeof issuerDecline>,
  ) {
    this.issuer.decline(paymentMethod, body.declineCode);
    return { paymentMethod, declineCode: body.declineCode };
  }

  @Delete('issuer/:paymentMethod')
  @HttpCode(204)
  @ApiOperation({ summary: 'The payment method answers as its token does again' })
  restoreIssuer(@Param('paymentMethod') paymentMethod: string): void {
    this.issuer.restore(paymentMethod);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Forget intents, refunds, idempotency keys, effects, faults, counters, card declines',
  })
  reset(): void {
    this.store.clear();
    this.ledger.clear();
    this.keys.clear();
    this.faults.clear();
    this.calls.clear();
    this.issuer.clear();
  }

  @Get('stats')
  @ApiOperation({ summary: 'Calls per endpoint and outcome, intents per status, effect totals' })
  stats() {
    this.intents.expireDue();
    return {
      calls: this.calls.snapshot(),
      intents: this.store.countByStatus(),
      effects: this.ledger.totals(),
    };
  }
}
