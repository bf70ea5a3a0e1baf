import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { LineInventory } from '../lines/line-inventory';
import type { MnoEndpoint } from '../mno-fault-rule.schema';
import { tmfErrorSchema } from '../orders/service-order.openapi';
import { TMF638_BASE_PATH } from '../tmf/tmf638';
import { serviceSchema } from './service.openapi';
import { type TmfService, toTmfService } from './tmf-service';

const endpoint = (name: MnoEndpoint) => SimulatedEndpoint(name);

const serviceQuery = z.object({
  iccid: z.string().min(1).optional(),
  msisdn: z.string().min(1).optional(),
  state: z.enum(['designed', 'active', 'suspended', 'terminated']).optional(),
  /** TMF630 attribute filtering: lines whose `serviceDate` (last change) is at or after it. */
  'serviceDate.gte': z.string().datetime({ message: 'must be an ISO 8601 instant' }).optional(),
});

/** TMF638 `/service`: a line's state at the network, by service id or by ICCID / MSISDN. */
@ApiTags('TMF638 service inventory')
@ApiResponse({ status: 503, description: 'Unavailable (fault injected)', schema: tmfErrorSchema })
@Controller(`${TMF638_BASE_PATH}/service`)
export class ServiceInventoryController {
  constructor(@Inject(LineInventory) private readonly inventory: LineInventory) {}

  @Get(':id')
  @endpoint('getService')
  @ApiOperation({ summary: 'Read one line' })
  @ApiResponse({ status: 200, schema: serviceSchema })
  @ApiResponse({ status: 404, schema: tmfErrorSchema })
  get(@Param('id') id: string): TmfService {
    const line = this.inventory.get(id);
    if (!line) throw new SimulatorError(404, 'NOT_FOUND', 'Not Found', `no service with id ${id}`);
    return toTmfService(line);
  }

  @Get()
  @endpoint('listServices')
  @ApiOperation({
    summary: 'List lines, filtered by iccid, msisdn, state and/or serviceDate.gte, oldest first',
  })
  @ApiResponse({ status: 200, schema: { type: 'array', items: serviceSchema } })
  list(
    @Query(new ZodValidationPipe(serviceQuery, 'query')) query: z.infer<typeof serviceQuery>,
  ): TmfService[] {
    const { 'serviceDate.gte': changedSince, ...filter } = query;
    const since = changedSince && new Date(changedSince).toISOString();
    return this.inventory.find({ ...filter, changedSince: since }).map(toTmfService);
  }
}
