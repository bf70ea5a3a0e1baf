import { Reflector } from '@nestjs/core';

/** Marks a handler as a vendor endpoint that faults can be injected into, under the given name. */
export const SimulatedEndpoint = Reflector.createDecorator<string>();
