import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { alignWithValidation } from './validation-rules';

/** Serves the service's OpenAPI document at /openapi.json and its browsable form at /docs. */
export function setUpOpenApi(app: INestApplication, title: string, description: string): void {
  const document = alignWithValidation(SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build(),
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
