import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import type { MnoEndpoint } from '../mno-fault-rule.schema';
import { TMF641_BASE_PATH } from '../tmf/tmf641';
import {
  type CreateServiceOrder,
  createServiceOrderSchema,
  type ListServiceOrdersQuery,
  listServiceOrdersQuery,
} from './create-service-order.schema';
import { OrderLifecycle } from './order-lifecycle.service';
import { serviceOrderSchema, tmfErrorSchema } from './service-order.openapi';
import { ServiceOrderStore, snapshot } from './service-order.store';
import type { ServiceOrder } from './service-order.types';

const endpoint = (name: MnoEndpoint) => SimulatedEndpoint(name);
const orderList = { type: 'array' as const, items: serviceOrderSchema };

/** TMF641 `/serviceOrder`: create an order, read one, list them (by `externalId` after a timeout). */
@ApiTags('TMF641 service ordering')
@ApiResponse({ status: 400, description: 'Invalid request', schema: tmfErrorSchema })
@ApiResponse({ status: 503, description: 'Unavailable (fault injected)', schema: tmfErrorSchema })
@Controller(`${TMF641_BASE_PATH}/serviceOrder`)
export class ServiceOrderController {
  constructor(
    @Inject(OrderLifecycle) private readonly lifecycle: OrderLifecycle,
    @Inject(ServiceOrderStore) private readonly store: ServiceOrderStore,
  ) {}

  @Post()
  @endpoint('createOrder')
  @ApiOperation({ summary: 'Create a service order; it completes asynchronously' })
  @ApiBody({ schema: serviceOrderSchema })
  @ApiResponse({ status: 201, description: 'Acknowledged', schema: serviceOrderSchema })
  create(
    @Body(new ZodValidationPipe(createServiceOrderSchema)) request: CreateServiceOrder,
  ): ServiceOrder {
    return this.lifecycle.accept(request);
  }

  @Get(':id')
  @endpoint('getOrder')
  @ApiOperation({ summary: 'Read a service order' })
  @ApiResponse({ status: 200, schema: serviceOrderSchema })
  @ApiResponse({ status: 404, schema: tmfErrorSchema })
  get(@Param('id') id: string): ServiceOrder {
    const order = this.store.get(id);
    if (!order) {
      throw new SimulatorError(404, 'NOT_FOUND', 'Not Found', `no service order with id ${id}`);
    }
    return snapshot(order);
  }

  @Get()
  @endpoint('listOrders')
  @ApiOperation({ summary: 'List service orders, filtered by externalId and/or state' })
  @ApiResponse({ status: 200, schema: orderList })
  list(
    @Query(new ZodValidationPipe(listServiceOrdersQuery, 'query')) query: ListServiceOrdersQuery,
  ): ServiceOrder[] {
    return this.store.find(query).map(snapshot);
  }
}
