import {
  Catch,
  Controller,
  Get,
  Inject,
  Param,
  UseFilters,
  UseGuards,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorAuthGuard, Principal, RequireRoles, type Operator } from '@handoff/access';
import { CareDiagnostics, LineReadLimitedError, SubscriberNotFoundError } from '@handoff/care';

interface JsonResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

@Catch(SubscriberNotFoundError, LineReadLimitedError)
class CareErrorsFilter implements ExceptionFilter<SubscriberNotFoundError | LineReadLimitedError> {
  catch(error: SubscriberNotFoundError | LineReadLimitedError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (error instanceof LineReadLimitedError) {
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
      response.status(429).json({
        statusCode: 429,
        error: 'Too Many Requests',
        code: error.code,
        message: error.message,
      });
      return;
    }
    response
      .status(404)
      .json({ statusCode: 404, error: 'Not Found', code: error.code, message: error.message });
  }
}

const IDENTIFIER = 'an MSISDN (+14155550123), an ICCID or a subscriber id';

/**
 * Care's diagnostic view (docs/care.md): read-only, identifiers masked to their last four, every
 * look-up in the audit ledger. Care keys reach these routes and nothing else of the ops API.
 */
@ApiTags('care')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@UseFilters(CareErrorsFilter)
@Controller('v1/care')
export class CareController {
  constructor(@Inject(CareDiagnostics) private readonly care: CareDiagnostics) {}

  @Get('subscribers/:identifier')
  @RequireRoles('care', 'ops')
  @ApiOperation({
    summary: `One subscriber's diagnostic view, by ${IDENTIFIER}`,
    description:
      'Line state in Handoff and at the MNO, plan, SIM, the latest handoffs with outcome and owner, ' +
      'open dead letters, waiting or held work, open jeopardies, and a one-sentence status. The MNO ' +
      'line read is reused for a few minutes; ask for a fresh one with /mno-line.',
  })
  lookUp(@Param('identifier') identifier: string, @Principal() operator: Operator) {
    return this.care.lookUp(identifier, operator);
  }

  @Get('subscribers/:identifier/mno-line')
  @RequireRoles('care', 'ops')
  @ApiOperation({
    summary:
      'Ask the MNO for the line now (a few per minute per key; 429 with Retry-After over it)',
  })
  readLine(@Param('identifier') identifier: string, @Principal() operator: Operator) {
    return this.care.readLineFresh(identifier, operator);
  }

  @Get('lookups/:identifier')
  @RequireRoles('ops', 'viewer')
  @ApiOperation({
    summary: `Who looked this subscriber up through care, and when, by ${IDENTIFIER}`,
  })
  async lookups(@Param('identifier') identifier: string) {
    return { lookups: await this.care.lookupsOf(identifier) };
  }
}
