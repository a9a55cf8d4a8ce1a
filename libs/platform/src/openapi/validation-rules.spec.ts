import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional, type OpenAPIObject } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { NamesAField } from '../http/validation';
import { alignWithValidation, SchemaRule } from './validation-rules';

@SchemaRule({ not: { required: ['a', 'b'] } })
class AlignSpecBody {
  @ApiProperty() @IsString() @IsNotEmpty() name!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayUnique() tags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() count?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(200, { each: true }) labels?: string[];
}

@NamesAField()
class AlignSpecPatch {
  @ApiPropertyOptional() @IsOptional() @IsString() note?: string;
}

const documentWith = (schemas: Record<string, object>, responses: Record<string, { description?: string; content?: object }> = {}): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: { '/x': { get: { responses } } } as unknown as OpenAPIObject['paths'],
  components: { schemas },
});

describe('alignWithValidation', () => {
  it('writes what the validation pipe enforces into the schemas of validated classes', () => {
    const document = alignWithValidation(
      documentWith({
        [AlignSpecBody.name]: { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, count: { type: 'number' }, labels: { type: 'array', items: { type: 'string' } } } },
        [AlignSpecPatch.name]: { type: 'object', properties: { note: { type: 'string' } } },
        Unvalidated: { type: 'object', properties: { name: { type: 'string' } } },
      }),
    );
    const schemas = document.components!.schemas as Record<string, Record<string, any>>;
    expect(schemas[AlignSpecBody.name]).toMatchObject({ additionalProperties: false, not: { required: ['a', 'b'] } });
    expect(schemas[AlignSpecBody.name].properties).toMatchObject({ name: { minLength: 1 }, tags: { uniqueItems: true }, count: { type: 'integer' } });
    expect(schemas[AlignSpecBody.name].properties.labels).toEqual({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } });
    expect(schemas[AlignSpecPatch.name]).toMatchObject({ additionalProperties: false, minProperties: 1 });
    expect(schemas.Unvalidated.additionalProperties).toBeUndefined();
  });

  it('documents error answers as JSON whatever the route produces', () => {
    const document = alignWithValidation(
      documentWith({}, { '200': { content: { 'text/html': {} } }, '404': { content: { 'text/html': { schema: { $ref: '#/components/schemas/ErrorView' } } } } }),
    );
    const responses = (document.paths['/x'].get as { responses: Record<string, { content: object }> }).responses;
    expect(Object.keys(responses['404'].content)).toEqual(['application/json']);
    expect(Object.keys(responses['200'].content)).toEqual(['text/html']);
  });
});
