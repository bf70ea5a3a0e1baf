import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'serviceAddress.postalCode' }) field!: string;
  @ApiProperty({ example: 'required' }) message!: string;
}

/** Every error the gateway answers has this shape. */
export class ErrorBodyDto {
  @ApiProperty({
    example: 'invalid_request',
    description:
      'invalid_request, malformed_json, unauthorized, not_found, idempotency_conflict, internal_error, ...',
  })
  error!: string;
  @ApiPropertyOptional({ example: 'the request has 2 invalid fields' }) message?: string;
}

export class ValidationErrorBodyDto extends ErrorBodyDto {
  @ApiProperty({ type: [FieldErrorDto], description: 'every failing field, not only the first' })
  fields!: FieldErrorDto[];
}
