import {
  Body,
  Catch,
  Controller,
  HttpCode,
  Inject,
  Post,
  UseFilters,
  UseGuards,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { OperatorAuthGuard, Principal, RequireRoles, type Operator } from '@handoff/access';
import { ActivationRedriver, InvalidRedriveRequestError } from '@handoff/activation-saga';
import { RedriveRequestDoc } from './activations-api.docs';
import { ZodValidationPipe } from './zod-validation.pipe';

const text = z.string().trim().min(1);

export const redriveBody = z
  .object({
    activationIds: z.array(text).min(1).optional(),
    reasonCode: text.optional(),
    reason: text,
    dryRun: z.boolean().default(false),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((b) => b.activationIds !== undefined || b.reasonCode !== undefined, {
    message: 'name what to re-drive: activationIds, or reasonCode for every held one',
  });

type RedriveBody = z.infer<typeof redriveBody>;

interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

@Catch(InvalidRedriveRequestError)
class RedriveErrorsFilter implements ExceptionFilter<InvalidRedriveRequestError> {
  catch(error: InvalidRedriveRequestError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(400)
      .json({ statusCode: 400, error: 'Bad Request', message: error.message });
  }
}

/** Held activations: re-drive them once what held them is fixed. The ops role acts. */
@ApiTags('activations')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@UseFilters(RedriveErrorsFilter)
@Controller('v1/activations')
export class ActivationsController {
  constructor(@Inject(ActivationRedriver) private readonly redriver: ActivationRedriver) {}

  @Post('redrive')
  @HttpCode(200)
  @RequireRoles('ops')
  @ApiOperation({
    summary: 'Resume held activations (or dry-run); each hold is re-driven once',
    description:
      'Each activation is taken out of held under its row lock and its ActivationRedriveRequested ' +
      'sent in the same transaction, with the operator and reason in the audit ledger: run twice, ' +
      'or by two operators at once, a hold is re-driven once. The answer comes once the requests ' +
      'are on Kafka; the saga then carries on (tax quote again, authorization, MNO, capture, commit).',
  })
  @ApiBody({ type: RedriveRequestDoc })
  async redrive(
    @Body(new ZodValidationPipe(redriveBody)) body: RedriveBody,
    @Principal() operator: Operator,
  ) {
    const report = await this.redriver.redrive({ ...body, operator });
    const sent = body.dryRun || (await this.redriver.flush(report));
    return { ...report, sent };
  }
}
