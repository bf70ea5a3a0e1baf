import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { OperatorAuthGuard, Principal, RequireRoles, type Operator } from '@handoff/access';
import { DeadLetterOps, type DeadLetterFilter } from '@handoff/dead-letters';
import { DiscardRequestDoc, ReplayRequestDoc } from './dead-letter-api.docs';
import {
  discardBody,
  listQuery,
  refParams,
  replayBody,
  type DiscardBody,
  type ReplayBody,
} from './dead-letter-requests';
import { ZodValidationPipe } from './zod-validation.pipe';

const FILTERS: Record<string, string> = {
  topic: 'original (source) topic',
  group: 'consumer group; every group of the catalog when absent',
  errorClass: 'retryable, permanent or business-rejection',
  code: 'error code, matched exactly; any code: CARD_DATA_REFUSED, MNO.ORDER_REJECTED',
  ownerTeam: 'team owning the integration point where it failed, e.g. network-ops',
  olderThan: 'dead-lettered more than this long ago: 30m, 2h, 1d',
  newerThan: 'dead-lettered less than this long ago: 30m, 2h, 1d',
  status: 'open, replayed or discarded',
};
const ApiFilters = () =>
  applyDecorators(
    ...Object.entries(FILTERS).map(([name, description]) =>
      ApiQuery({ name, required: false, description }),
    ),
  );

/** Thin HTTP over the dead-letter tooling: every call needs an operator; acting needs the ops role. */
@ApiTags('dead letters')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DeadLetterOps) private readonly ops: DeadLetterOps) {}

  @Get()
  @ApiOperation({ summary: 'List dead letters with their error, owner and status' })
  @ApiFilters()
  async list(@Query(new ZodValidationPipe(listQuery)) filter: DeadLetterFilter) {
    const { items, complete } = await this.ops.list(filter);
    return { complete, count: items.length, deadLetters: items };
  }

  @Get(':topic/:partition/:offset')
  @ApiOperation({
    summary: 'One dead letter: decoded payload, error context, owner and escalation',
  })
  show(
    @Param(new ZodValidationPipe(refParams))
    ref: {
      topic: string;
      partition: number;
      offset: string;
    },
  ) {
    return this.ops.show(ref);
  }

  @Post('replay')
  @HttpCode(200)
  @RequireRoles('ops')
  @ApiOperation({ summary: 'Replay to the failed consumer group only (or dry-run)' })
  @ApiBody({ type: ReplayRequestDoc })
  replay(
    @Body(new ZodValidationPipe(replayBody)) body: ReplayBody,
    @Principal() operator: Operator,
  ) {
    return this.ops.replay({ ...body, operator });
  }

  @Post('discard')
  @HttpCode(200)
  @RequireRoles('ops')
  @ApiOperation({ summary: 'Discard dead letters, with a mandatory reason' })
  @ApiBody({ type: DiscardRequestDoc })
  async discard(
    @Body(new ZodValidationPipe(discardBody)) body: DiscardBody,
    @Principal() operator: Operator,
  ) {
    return { results: await this.ops.discard({ ...body, operator }) };
  }
}
