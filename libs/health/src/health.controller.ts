import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Readiness, type ReadinessReport } from './readiness';

interface StatusSink {
  status(code: number): unknown;
}

/** `/health/live` and `/health/ready` on a Nest HTTP app (the gateway, the ops API). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOkResponse({ description: 'the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Kafka and every consumer group are up' })
  @ApiServiceUnavailableResponse({ description: 'a check failed: it is named under `error`' })
  async ready(@Res({ passthrough: true }) response: StatusSink): Promise<ReadinessReport> {
    const { ready, report } = await this.readiness.check();
    if (!ready) response.status(503);
    return report;
  }
}
