import {
  BadGatewayException,
  Controller,
  Get,
  Inject,
  Injectable,
  type OnApplicationShutdown,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OperatorAuthGuard, RequireRoles } from '@handoff/access';
import { HandoffError } from '@handoff/resilience';
import { TaxEngineAxiosAdapter } from '@handoff/tax-engine';
import { TaxCoverageCheck } from '../tax-coverage/tax-coverage.check';
import type { TaxCoverageReport } from '../tax-coverage/tax-coverage';

/** The adapter's breakers keep timers and its agents keep sockets: close them with the app. */
@Injectable()
export class TaxEngineLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TaxEngineAxiosAdapter) private readonly tax: TaxEngineAxiosAdapter) {}

  onApplicationShutdown(): void {
    this.tax.close();
  }
}

@ApiTags('tax')
@ApiBearerAuth()
@UseGuards(OperatorAuthGuard)
@Controller('v1/tax')
export class TaxCoverageController {
  constructor(@Inject(TaxCoverageCheck) private readonly check: TaxCoverageCheck) {}

  @Get('coverage')
  @RequireRoles('ops')
  @ApiOperation({
    summary:
      "The places the MVNO sells in against the tax engine's configuration, gaps with owners",
    description:
      'Always 200 when the engine answered: `gaps` empty means every place is taxed. 502 when ' +
      'the tax engine could not be read (the coverage is unknown, not complete).',
  })
  @ApiResponse({ status: 502, description: 'the tax engine did not answer' })
  async coverage(): Promise<TaxCoverageReport> {
    try {
      return await this.check.run();
    } catch (error) {
      const detail = error instanceof HandoffError ? error.code : 'TAX.UNKNOWN';
      throw new BadGatewayException(`the tax engine's jurisdictions could not be read (${detail})`);
    }
  }
}
