import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulatedEndpoint } from '../../shared/faults/simulated-endpoint.decorator';
import { ZodValidationPipe } from '../../shared/validation/zod-validation.pipe';
import type { TaxEndpoint } from '../tax-fault-rule.schema';
import {
  adjustRequestOpenApi,
  calculateRequestOpenApi,
  geocodeRequestOpenApi,
  jurisdictionOpenApi,
  taxDocumentOpenApi,
  taxErrorOpenApi,
  voidRequestOpenApi,
} from './tax-document.openapi';
import type { JurisdictionRef, TaxDocument } from './tax-document.types';
import { TaxDocumentsService } from './tax-documents.service';
import {
  type AdjustRequest,
  adjustRequestSchema,
  type CalculateRequest,
  calculateRequestSchema,
  type GeocodeRequest,
  geocodeRequestSchema,
  voidRequestSchema,
} from './tax-request.schema';

export const TAX_BASE_PATH = 'communications-tax/v1';

const endpoint = (name: TaxEndpoint) => SimulatedEndpoint(name);
const documentAnswer = { status: 200, schema: taxDocumentOpenApi };

/** Calculate (quote), read, commit, void and adjust tax documents; geocode a service address. */
@ApiTags('communications tax')
@ApiResponse({ status: 400, description: 'Invalid request', schema: taxErrorOpenApi })
@ApiResponse({ status: 503, description: 'Unavailable (fault injected)', schema: taxErrorOpenApi })
@Controller(TAX_BASE_PATH)
export class TaxDocumentsController {
  constructor(@Inject(TaxDocumentsService) private readonly documents: TaxDocumentsService) {}

  @Post('documents/calculate')
  @HttpCode(200)
  @endpoint('calculate')
  @ApiOperation({
    summary: 'Calculate the taxes of a document without committing it',
    description:
      'The same request again answers the same document; an uncommitted document recalculated ' +
      'with another request is replaced; a committed or voided one is refused (409 DOCUMENT_LOCKED). ' +
      'A jurisdiction the engine does not cover answers zero tax and no tax lines, not an error.',
  })
  @ApiBody({ schema: calculateRequestOpenApi })
  @ApiResponse(documentAnswer)
  @ApiResponse({ status: 409, schema: taxErrorOpenApi })
  @ApiResponse({ status: 422, description: 'JURISDICTION_NOT_FOUND', schema: taxErrorOpenApi })
  calculate(
    @Body(new ZodValidationPipe(calculateRequestSchema)) request: CalculateRequest,
  ): TaxDocument {
    return this.documents.calculate(request);
  }

  @Get('documents/:code')
  @endpoint('getDocument')
  @ApiOperation({ summary: 'Read a document by its code (how a caller learns an unknown outcome)' })
  @ApiResponse(documentAnswer)
  @ApiResponse({ status: 404, schema: taxErrorOpenApi })
  get(@Param('code') code: string): TaxDocument {
    return this.documents.get(code);
  }

  @Post('documents/:code/commit')
  @HttpCode(200)
  @endpoint('commit')
  @ApiOperation({ summary: 'Commit a document for filing; once: a second commit files nothing' })
  @ApiResponse(documentAnswer)
  @ApiResponse({ status: 404, schema: taxErrorOpenApi })
  @ApiResponse({ status: 409, description: 'DOCUMENT_VOIDED', schema: taxErrorOpenApi })
  commit(@Param('code') code: string): TaxDocument {
    return this.documents.commit(code);
  }

  @Post('documents/:code/void')
  @HttpCode(200)
  @endpoint('void')
  @ApiOperation({ summary: 'Void a quote or a committed document; a second void changes nothing' })
  @ApiBody({ schema: voidRequestOpenApi })
  @ApiResponse(documentAnswer)
  @ApiResponse({ status: 404, schema: taxErrorOpenApi })
  void(
    @Param('code') code: string,
    @Body(new ZodValidationPipe(voidRequestSchema)) body: { reason: string },
  ): TaxDocument {
    return this.documents.void(code, body.reason);
  }

  @Post('documents/:code/adjustments')
  @HttpCode(200)
  @endpoint('adjust')
  @ApiOperation({ summary: 'Adjust a committed document (negative amounts refund), once per code' })
  @ApiBody({ schema: adjustRequestOpenApi })
  @ApiResponse(documentAnswer)
  @ApiResponse({ status: 409, schema: taxErrorOpenApi })
  adjust(
    @Param('code') code: string,
    @Body(new ZodValidationPipe(adjustRequestSchema)) request: AdjustRequest,
  ): TaxDocument {
    return this.documents.adjust(code, request);
  }

  @Post('geocode')
  @HttpCode(200)
  @endpoint('geocode')
  @ApiOperation({ summary: 'The taxing jurisdiction of a service address' })
  @ApiBody({ schema: geocodeRequestOpenApi })
  @ApiResponse({ status: 200, schema: jurisdictionOpenApi })
  @ApiResponse({ status: 422, description: 'JURISDICTION_NOT_FOUND', schema: taxErrorOpenApi })
  geocode(
    @Body(new ZodValidationPipe(geocodeRequestSchema)) request: GeocodeRequest,
  ): JurisdictionRef {
    const { code, name } = this.documents.resolve(request);
    return { code, name };
  }
}
