import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DEALER_API_KEY_SCHEME } from '../gateway.constants';

/** Serves the OpenAPI document at `/docs-json` and Swagger UI at `/docs`. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Handoff dealer gateway')
    .setDescription(
      'Dealers request SIM activations and follow their progress. Every request needs the ' +
        "dealer's API key as `Authorization: Bearer <key>`; a dealer sees only its own activations.",
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'dealer API key (dk_...)' },
      DEALER_API_KEY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
