import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { integrationMap, type IntegrationMapView } from '@handoff/integration-map';
import { OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { OwnershipMatrix } from '@handoff/ownership';
import { OpsReportController } from '../http/ops-report';
import { MapSignalsReader } from './map-signals.reader';

export const MAP_WINDOW_MS = Symbol('MAP_WINDOW_MS');

// Read once at start-up: the page is static, and its data comes from GET /v1/map.
const PAGE = readFileSync(join(__dirname, 'map.page.html'), 'utf8');

/**
 * The page holds no data, so it is served without a key; it asks for one (or takes it from the
 * URL's fragment, which browsers never send) and reads the map with it.
 */
@ApiTags('map')
@Controller('map')
export class MapPageController {
  @Get()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return PAGE;
  }
}

@OpsReportController('map', 'v1/map')
export class MapController {
  constructor(
    @Inject(OWNERSHIP_MATRIX) private readonly ownership: OwnershipMatrix,
    @Inject(MapSignalsReader) private readonly signals: MapSignalsReader,
    @Inject(MAP_WINDOW_MS) private readonly windowMs: number,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every system and flow of ownership.yaml with its owner, SLA and live health',
    description:
      "Each flow's state (red failing, amber degraded, green healthy, idle no traffic) over the " +
      'last OPS_MAP_WINDOW, with a status line in business language; the KPI panel beside it.',
  })
  async map(): Promise<IntegrationMapView> {
    return integrationMap(this.ownership, await this.signals.read(), this.windowMs);
  }
}
