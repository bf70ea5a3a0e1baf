import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The request body as documented. Validation is not done from these classes but by
 * @handoff/activation-requests, which reports every failing field at once.
 */
export class ServiceAddressDto {
  @ApiProperty({ example: '500 Howard St', maxLength: 200 }) line1!: string;
  @ApiPropertyOptional({ example: 'Apt 4B', nullable: true }) line2?: string | null;
  @ApiProperty({ example: 'San Francisco' }) city!: string;
  @ApiPropertyOptional({ example: 'San Francisco', nullable: true }) county?: string | null;
  @ApiProperty({ example: 'CA', description: 'ISO 3166-2 subdivision code without the country' })
  stateOrProvince!: string;
  @ApiProperty({ example: '94105' }) postalCode!: string;
  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2' }) countryCode!: string;
}

export class PortInDto {
  @ApiProperty({ example: 'Acme Mobile' }) donorOperator!: string;
  @ApiProperty({ example: 'A-100200' }) accountNumber!: string;
  @ApiProperty({ example: '4321', description: 'port-out PIN issued by the donor operator' })
  pin!: string;
}

export class MoneyDto {
  @ApiProperty({ example: 2500, description: 'minor units (2500 = 25.00)' }) amountMinor!: number;
  @ApiProperty({ example: 'USD', description: 'ISO 4217' }) currency!: string;
}

export class ChargeLineDto {
  @ApiProperty({ example: 'ACTIVATION_FEE' }) chargeCode!: string;
  @ApiProperty({ example: 'Activation fee' }) description!: string;
  @ApiProperty({ type: MoneyDto }) amount!: MoneyDto;
}

export class CreateActivationDto {
  @ApiProperty({
    example: '8910042348144559361',
    description: '19 or 20 digits, 89 prefix, valid Luhn check digit',
  })
  iccid!: string;

  @ApiProperty({
    example: '+14155550123',
    description: 'E.164; with portIn, the number being ported',
  })
  msisdn!: string;

  @ApiProperty({ example: 'UNL-5G-30', description: 'an active plan of the catalogue' })
  planCode!: string;

  @ApiProperty({ type: ServiceAddressDto }) serviceAddress!: ServiceAddressDto;

  @ApiPropertyOptional({
    type: PortInDto,
    nullable: true,
    description: 'keep a number from another operator',
  })
  portIn?: PortInDto | null;

  @ApiPropertyOptional({ type: [ChargeLineDto], description: 'charges before tax; default none' })
  charges?: ChargeLineDto[];

  @ApiPropertyOptional({
    example: 'pm_1QdE2f3Gh4Ij5Kl6',
    nullable: true,
    description: 'payment processor token (never card data); required when there are charges',
  })
  paymentMethodToken?: string | null;

  @ApiPropertyOptional({ example: 'RCPT-2025-11-25-0017', nullable: true }) dealerReference?:
    string | null;
}
