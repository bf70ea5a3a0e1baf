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
  Query,
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
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DealerAuthGuard, Principal, type Dealer } from '@handoff/access';
import { DEALER_API_KEY_SCHEME } from '../gateway.constants';
import { ApiErrors } from '../http/api-errors.decorator';
import { DealerRateLimitGuard } from '../rate-limit/dealer-rate-limit.guard';
import { ActivationIntake, type AcceptedActivation } from './activation-intake.service';
import {
  ActivationQuery,
  type ActivationList,
  type ActivationView,
} from './activation-query.service';
import {
  ActivationAcceptedDto,
  ActivationListDto,
  ActivationViewDto,
} from './dto/activation-responses.dto';
import { ACTIVATION_STATES, DEFAULT_PAGE_SIZE, listParamsOf, MAX_PAGE_SIZE } from './list-params';
import { CreateActivationDto } from './dto/create-activation.dto';

/** The part of the HTTP response the controller touches; Nest passes the platform's response. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('activations')
@ApiBearerAuth(DEALER_API_KEY_SCHEME)
// In this order: the rate limit is keyed by the dealer the auth guard finds.
@UseGuards(DealerAuthGuard, DealerRateLimitGuard)
@Controller('v1/activations')
export class ActivationsController {
  constructor(
    @Inject(ActivationIntake) private readonly intake: ActivationIntake,
    @Inject(ActivationQuery) private readonly query: ActivationQuery,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Request the activation of a SIM for a customer in the store' })
  @ApiBody({ type: CreateActivationDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'repeat a request safely: same key and body, same activation',
  })
  @ApiAcceptedResponse({
    type: ActivationAcceptedDto,
    description: 'accepted; watch it at Location',
  })
  @ApiErrors(400, 401, 409, 429)
  async create(
    @Principal() dealer: Dealer,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<AcceptedActivation> {
    const result = await this.intake.submit({ dealer, body, idempotencyKey });
    if (result.kind === 'invalid') {
      const message = `the request has ${result.fields.length} invalid field(s)`;
      throw new BadRequestException({ error: 'invalid_request', message, fields: result.fields });
    }
    if (result.kind === 'conflict') {
      const message = 'this Idempotency-Key was already used with a different request body';
      throw new ConflictException({ error: 'idempotency_conflict', message });
    }
    response.setHeader('Location', `/v1/activations/${result.activation.activationId}`);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return result.activation;
  }

  @Get()
  @ApiOperation({
    summary: "The dealer's own activations, newest first, a page at a time",
    description:
      'Follow `next` (or pass `nextCursor` as `cursor` with the same filters) for the next page; ' +
      'an activation that arrives while paging is on no page already read, so none is repeated or skipped.',
  })
  @ApiQuery({ name: 'state', required: false, enum: ACTIVATION_STATES })
  @ApiQuery({
    name: 'requestedFrom',
    required: false,
    description: 'ISO 8601 date-time; activations requested at or after it',
  })
  @ApiQuery({
    name: 'requestedTo',
    required: false,
    description: 'ISO 8601 date-time; activations requested before it',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  })
  @ApiQuery({ name: 'cursor', required: false, description: "the previous page's nextCursor" })
  @ApiOkResponse({ type: ActivationListDto })
  @ApiErrors(400, 401, 429)
  async list(
    @Principal() dealer: Dealer,
    @Query() query: Record<string, unknown>,
  ): Promise<ActivationList> {
    const checked = listParamsOf(query);
    if (!checked.ok) {
      const message = `the query has ${checked.fields.length} invalid parameter(s)`;
      throw new BadRequestException({ error: 'invalid_request', message, fields: checked.fields });
    }
    return this.query.listForDealer(dealer.dealerId, checked.params);
  }

  @Get(':activationId')
  @ApiOperation({ summary: "One of the dealer's activations: its state and its audit trail" })
  @ApiOkResponse({ type: ActivationViewDto })
  @ApiErrors(401, 404, 429)
  async read(
    @Principal() dealer: Dealer,
    @Param('activationId') activationId: string,
  ): Promise<ActivationView> {
    const view = await this.query.forDealer(dealer.dealerId, activationId);
    // Another dealer's activation answers exactly like an unknown one: ids reveal nothing.
    if (!view) throw new NotFoundException({ error: 'not_found', message: 'no such activation' });
    return view;
  }
}
