import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { StateChangeNotifier } from '../hub/state-change.notifier';
import { type TmfService, toTmfService } from '../inventory/tmf-service';
import { type DonorAccount, DonorRegistry } from '../lines/donor-registry';
import { LINE_EFFECT_KINDS, type LineEffect, LineEffects } from '../lines/line-effects';
import { LineInventory } from '../lines/line-inventory';
import { msisdnSchema } from '../orders/mobile-line.schema';

const effectsQuery = z.object({
  lineId: z.string().min(1).optional(),
  kind: z.enum(LINE_EFFECT_KINDS).optional(),
});

const portOut = z
  .object({
    msisdn: msisdnSchema,
    recipientOperator: z.string({ required_error: 'required' }).min(1, 'required'),
  })
  .strict();

const donorAccount = z
  .object({
    msisdn: msisdnSchema,
    accountNumber: z.string().min(1).optional(),
    pin: z.string().min(1).optional(),
  })
  .strict();

/** Test and demo controls over lines: the effects ledger, port-outs, the donors' records. */
@ApiTags('admin')
@Controller('admin')
export class LineAdminController {
  constructor(
    @Inject(LineInventory) private readonly inventory: LineInventory,
    @Inject(LineEffects) private readonly effects: LineEffects,
    @Inject(DonorRegistry) private readonly donors: DonorRegistry,
    @Inject(StateChangeNotifier) private readonly notifier: StateChangeNotifier,
  ) {}

  @Get('effects')
  @ApiOperation({ summary: 'Changes applied to lines, in order (activated, suspended, …)' })
  list(
    @Query(new ZodValidationPipe(effectsQuery, 'query')) query: z.infer<typeof effectsQuery>,
  ): LineEffect[] {
    return this.effects.list(query);
  }

  @Post('port-out')
  @ApiOperation({ summary: 'Port a live number away: the line ends and hub listeners are told' })
  portOut(@Body(new ZodValidationPipe(portOut)) body: z.infer<typeof portOut>): TmfService {
    const now = new Date();
    const line = this.inventory.portOut(body.msisdn, body.recipientOperator, now);
    if (!line?.portedOut) {
      throw new SimulatorError(404, 'NOT_FOUND', 'Not Found', 'no live line has this number');
    }
    this.notifier.publishPortOut({ ...line, portedOut: line.portedOut });
    return toTmfService(line);
  }

  @Post('donor-accounts')
  @ApiOperation({
    summary: 'A number a donor holds: its port-in needs this account number and PIN',
  })
  registerDonorAccount(
    @Body(new ZodValidationPipe(donorAccount)) body: z.infer<typeof donorAccount>,
  ): DonorAccount {
    return this.donors.register(body);
  }

  @Get('donor-accounts')
  listDonorAccounts(): DonorAccount[] {
    return this.donors.list();
  }
}
