import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DealerAuthGuard, Principal, type Dealer } from '@handoff/access';
import { DEALER_API_KEY_SCHEME } from '../gateway.constants';
import { ApiErrors } from '../http/api-errors.decorator';
import { DealerRateLimitGuard } from '../rate-limit/dealer-rate-limit.guard';
import { PlanChangeBodyDto, PlanChangeViewDto } from './dto/plan-change.dto';
import { PlanChangeIntake } from './plan-change-intake.service';
import { PlanChangeQuery, type PlanChangeView } from './plan-change-query.service';

/** The part of the HTTP response the controller touches; Nest passes the platform's response. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

const notFound = (what: string) => new NotFoundException({ error: 'not_found', message: what });

@ApiTags('subscribers')
@ApiBearerAuth(DEALER_API_KEY_SCHEME)
// In this order: the rate limit is keyed by the dealer the auth guard finds.
@UseGuards(DealerAuthGuard, DealerRateLimitGuard)
@Controller('v1/subscribers/:subscriberId')
export class PlanChangeController {
  constructor(
    @Inject(PlanChangeIntake) private readonly intake: PlanChangeIntake,
    @Inject(PlanChangeQuery) private readonly query: PlanChangeQuery,
  ) {}

  @Post('plan-change')
  @HttpCode(202)
  @ApiOperation({ summary: 'Move a line this dealer activated to another plan' })
  @ApiBody({ type: PlanChangeBodyDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'repeat a request safely: same key, line and body, same request',
  })
  @ApiAcceptedResponse({ type: PlanChangeViewDto, description: 'accepted; follow it at Location' })
  @ApiErrors(400, 401, 404, 409, 429)
  async change(
    @Principal() dealer: Dealer,
    @Param('subscriberId') subscriberId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<PlanChangeView> {
    const submission = { dealer, subscriberId, body, idempotencyKey };
    const result = await this.intake.submit(submission);
    if (result.kind === 'invalid') {
      const message = `the request has ${result.fields.length} invalid field(s)`;
      throw new BadRequestException({ error: 'invalid_request', message, fields: result.fields });
    }
    if (result.kind === 'notFound') throw notFound('no such subscriber');
    if (result.kind === 'conflict') {
      const message = 'this Idempotency-Key was already used with a different request';
      throw new ConflictException({ error: 'idempotency_conflict', message });
    }
    const { requestId } = result.request;
    const path = `/v1/subscribers/${encodeURIComponent(subscriberId)}/plan-changes/${requestId}`;
    response.setHeader('Location', path);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.request;
  }

  @Get('plan-changes/:requestId')
  @ApiOperation({ summary: "One of the dealer's plan changes: where it stands" })
  @ApiOkResponse({ type: PlanChangeViewDto })
  @ApiErrors(401, 404, 429)
  async read(
    @Principal() dealer: Dealer,
    @Param('subscriberId') subscriberId: string,
    @Param('requestId') requestId: string,
  ): Promise<PlanChangeView> {
    const view = await this.query.forDealer(dealer.dealerId, subscriberId, requestId);
    if (!view) throw notFound('no such plan change');
    return view;
  }
}
