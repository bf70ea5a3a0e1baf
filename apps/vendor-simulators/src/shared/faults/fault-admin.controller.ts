import { Body, Controller, Delete, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseOrReject } from '../validation/zod-validation.pipe';
import { FaultBook } from './fault-book';
import type { FaultRule } from './fault-rule.schema';

const rate = { type: 'number', minimum: 0, maximum: 1 };

/** The common fields; a simulator adds its own (the MNO: `stuckOrders`, `unknownIccids`). */
const faultRuleOpenApi = {
  type: 'object',
  required: ['endpoint'],
  properties: {
    endpoint: { type: 'string', description: 'an endpoint name, or * for all' },
    latencyMs: { type: 'integer', minimum: 0 },
    errorRate: rate,
    errorStatus: { type: 'integer', enum: [500, 503] },
    timeoutRate: rate,
    outage: { type: 'boolean' },
    malformedRate: rate,
    malformedKind: { type: 'string', enum: ['invalidJson', 'missingFields'] },
    processThenTimeout: { type: 'boolean' },
  },
};

/** `/admin/faults`: faults on demand, shared by every simulator (the rule's fields are its own). */
@ApiTags('admin')
@Controller('admin/faults')
export class FaultAdminController {
  constructor(@Inject(FaultBook) private readonly faults: FaultBook) {}

  @Get()
  @ApiOperation({ summary: 'The fault rules in force' })
  list(): FaultRule[] {
    return this.faults.list();
  }

  @Put()
  @ApiOperation({ summary: 'Set the rule of an endpoint (or `*`), replacing its previous rule' })
  @ApiBody({ description: 'One rule or an array of rules', schema: faultRuleOpenApi })
  @HttpCode(200)
  put(@Body() body: unknown): FaultRule[] {
    // A single rule is parsed on its own so that errors name `body.errorRate`, not `body[0].errorRate`.
    const rules = Array.isArray(body)
      ? parseOrReject(z.array(this.faults.schema), body)
      : [parseOrReject(this.faults.schema, body)];
    rules.forEach((rule) => this.faults.put(rule));
    return this.faults.list();
  }

  @Delete()
  @ApiOperation({ summary: 'Clear every fault' })
  @HttpCode(204)
  clear(): void {
    this.faults.clear();
  }
}
