import { Body, Controller, Delete, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import { TMF641_BASE_PATH } from '../tmf/tmf641';
import { type HubListener, HubListeners } from './hub-listeners';

const registration = z
  .object({
    callback: z
      .string({ required_error: 'required' })
      .url('must be an http(s) URL')
      .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL'),
    query: z.string().optional(),
    /** Non-standard: each callback's body is signed with it (`X-Hub-Signature-256`). */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .strict();

/** TMF630 notification hub: listeners receive every order's state change events. */
@ApiTags('TMF641 service ordering')
@Controller(`${TMF641_BASE_PATH}/hub`)
export class HubController {
  constructor(@Inject(HubListeners) private readonly listeners: HubListeners) {}

  @Post()
  @ApiOperation({ summary: 'Register a listener for ServiceOrderStateChangeEvent' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { callback: { type: 'string' }, secret: { type: 'string' } },
    },
  })
  register(
    @Body(new ZodValidationPipe(registration)) body: z.infer<typeof registration>,
  ): HubListener {
    return this.listeners.add(body.callback, body.query, body.secret);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a listener' })
  unregister(@Param('id') id: string): void {
    if (!this.listeners.remove(id)) {
      throw new SimulatorError(404, 'NOT_FOUND', 'Not Found', `no listener with id ${id}`);
    }
  }
}
