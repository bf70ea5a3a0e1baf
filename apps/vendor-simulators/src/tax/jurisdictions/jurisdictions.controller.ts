import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { TAX_BASE_PATH } from '../documents/tax-documents.controller';
import {
  jurisdictionConfigurationOpenApi,
  taxErrorOpenApi,
} from '../documents/tax-document.openapi';
import { JurisdictionCatalog } from './jurisdiction-catalog';

/** A jurisdiction's configuration as the engine's API reports it (its rules stay inside). */
export interface JurisdictionConfiguration {
  code: string;
  name: string;
  country: string;
  state: string;
  postalCodes: readonly string[];
  revision: number;
  taxRuleCount: number;
}

/**
 * The engine's jurisdiction configuration, read-only, as real engines expose it to their clients
 * (AFC's jurisdiction lookups, SureTax's GeoCode tables): what it resolves and how many tax rules
 * each place has now. It follows coverage changed at run time through `/admin/coverage`.
 */
@ApiTags('communications tax')
@ApiResponse({ status: 503, description: 'Unavailable (fault injected)', schema: taxErrorOpenApi })
@Controller(TAX_BASE_PATH)
export class JurisdictionsController {
  constructor(@Inject(JurisdictionCatalog) private readonly catalog: JurisdictionCatalog) {}

  @Get('jurisdictions')
  @SimulatedEndpoint('jurisdictions')
  @ApiOperation({
    summary: 'The jurisdictions the engine is configured for, with their number of tax rules',
    description: 'A jurisdiction with no tax rules resolves, but every quote in it is zero.',
  })
  @ApiResponse({
    status: 200,
    schema: { type: 'array', items: jurisdictionConfigurationOpenApi },
  })
  list(): JurisdictionConfiguration[] {
    return this.catalog.all().map((j) => ({
      code: j.code,
      name: j.name,
      country: j.country,
      state: j.state,
      postalCodes: j.postalCodes,
      revision: j.revision,
      taxRuleCount: j.rules.length,
    }));
  }
}
