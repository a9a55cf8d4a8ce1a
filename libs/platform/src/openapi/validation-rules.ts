import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

const SCHEMA_RULE = 'forewarn:openapi-schema-rule';

/** A pattern for a text that is not blank once trimmed (String.trim also takes the byte-order mark). */
export const NOT_BLANK = '[^\\s\\uFEFF]';
/** Classes with a rule: a `PartialType(...)` subclass holds no validation metadata of its own, so
 *  class-validator's storage alone does not name it. */
const ruled = new Set<Function>();

/**
 * A rule across a body's fields that the service checks in code (e.g. "sccModule only with
 * eu-sccs"), written as JSON Schema so the document states it too and a client or fuzzer that
 * follows the document is never refused for it.
 */
export function SchemaRule(rule: SchemaObject): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SCHEMA_RULE, { ...(Reflect.getOwnMetadata(SCHEMA_RULE, target) as SchemaObject | undefined), ...rule }, target);
    ruled.add(target);
  };
}

const BODY_BY_MEDIA_TYPE = 'x-forewarn-body-by-media-type';

/** A request body whose schema differs per media type (a JSON array, or the same rows as CSV text). */
export function ApiBodyByMediaType(content: Record<string, { schema: SchemaObject | { $ref: string } }>): MethodDecorator {
  return ApiExtension(BODY_BY_MEDIA_TYPE, content);
}

/** The classes class-validator checks, by name; a name two classes share is left out. */
function validatedClasses(): Map<string, Function> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> };
  const byName = new Map<string, Function | null>();
  for (const target of new Set([...storage.validationMetadatas.keys(), ...ruled])) byName.set(target.name, byName.has(target.name) ? null : target);
  return new Map([...byName].filter((entry): entry is [string, Function] => entry[1] !== null));
}

/** What an `{ each: true }` rule asks of every item of a list of texts. */
function describeEachItem(items: SchemaObject, m: ValidationMetadata): void {
  if (items.type !== 'string') return;
  const [limit] = (m.constraints ?? []) as number[];
  if (m.name === 'isNotEmpty') items.minLength = Math.max(items.minLength ?? 0, 1);
  if (m.name === 'maxLength') items.maxLength = Math.min(items.maxLength ?? Infinity, limit);
  if (m.name === 'minLength') items.minLength = Math.max(items.minLength ?? 0, limit);
}

type Operation = {
  [BODY_BY_MEDIA_TYPE]?: unknown;
  requestBody?: { content: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
};

/**
 * Makes the document say what the validation pipe enforces, which the swagger plugin leaves
 * out: a validated body refuses unknown fields (`forbidNonWhitelisted`), `@IsNotEmpty` strings
 * and `@ArrayNotEmpty` lists need something in them, `{ each: true }` length rules bound every
 * item of a list of texts, `@ArrayUnique` lists no repeats, `@IsInt`
 * numbers are integers, the class's `@SchemaRule` holds, and an
 * error answer is JSON whatever the route produces when it succeeds; `@ApiBodyByMediaType`
 * replaces the one body schema swagger gives every media type.
 */
export function alignWithValidation(document: OpenAPIObject): OpenAPIObject {
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, SchemaObject][]) {
    const target = classes.get(name);
    if (!target) continue;
    schema.additionalProperties = false;
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties?.[m.propertyName] as SchemaObject | undefined;
      if (!property) continue;
      if (m.each) {
        if (property.type === 'array' && property.items && !('$ref' in property.items)) describeEachItem(property.items as SchemaObject, m);
        continue;
      }
      if (m.name === 'isNotEmpty' && property.type === 'string') property.minLength = Math.max(property.minLength ?? 0, 1);
      if (m.name === 'arrayNotEmpty' || (m.name === 'isNotEmpty' && property.type === 'array')) property.minItems = Math.max(property.minItems ?? 0, 1);
      if (m.name === 'arrayUnique') property.uniqueItems = true;
      if (m.name === 'isInt' && property.type === 'number') property.type = 'integer';
    }
    Object.assign(schema, (Reflect.getOwnMetadata(SCHEMA_RULE, target) as SchemaObject | undefined) ?? {});
  }
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Operation[]) {
      if (operation?.[BODY_BY_MEDIA_TYPE] && operation.requestBody) {
        operation.requestBody.content = operation[BODY_BY_MEDIA_TYPE] as Record<string, unknown>;
        delete operation[BODY_BY_MEDIA_TYPE];
      }
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (Number(status) < 400 || !response.content) continue;
        const documented = Object.values(response.content)[0] as { schema?: unknown } | undefined;
        if (documented?.schema) response.content = { 'application/json': documented };
      }
    }
  }
  return document;
}
