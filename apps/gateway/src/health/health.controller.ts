import { Controller, Get, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';

/** A database that does not answer within this is as good as down for a dealer in a store. */
const DB_TIMEOUT_MS = 2_000;

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ example: { database: 'up' } }) checks!: { database: 'up' | 'down' };
}

interface StatusSink {
  status(code: number): unknown;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HANDOFF_DATA_SOURCE) private readonly db: DataSource) {}

  @Get()
  @ApiOkResponse({ type: HealthDto, description: 'the database answers' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'the database does not answer' })
  async check(@Res({ passthrough: true }) response: StatusSink): Promise<HealthDto> {
    const up = await this.databaseAnswers();
    if (!up) response.status(503);
    return { status: up ? 'ok' : 'unavailable', checks: { database: up ? 'up' : 'down' } };
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>(
      (done) => (timer = setTimeout(() => done(false), DB_TIMEOUT_MS)),
    );
    const probe = this.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
