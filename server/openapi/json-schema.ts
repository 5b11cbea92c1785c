/**
 * zod schemas to the JSON Schema (draft 2020-12) that OpenAPI 3.1 embeds, with zod 4's own
 * converter. Requests are described as the server accepts them (`io: 'input'`: before defaults and
 * transforms, unknown fields allowed because they are dropped), answers as the server sends them
 * (`io: 'output'`: exactly the declared fields). Every schema exported by contract/api-schemas.ts
 * is a named component (`SiteSchema` → `#/components/schemas/Site`), referenced wherever it occurs.
 */
import { z } from 'zod';
import * as answers from '../../contract/api-schemas.js';
import type { Schema } from '../routes/route.js';

/** A JSON value, as the document is made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Where components live in an OpenAPI document. */
const COMPONENTS = '#/components/schemas/';
/** The id given to each answer schema that is not a component, so the converter can find it. */
const INLINE = '__inline_';

/** The named answer schemas: each `XSchema` export of the contract is the component `X`. */
function namedAnswers(): Array<[string, Schema]> {
  return Object.entries(answers)
    .filter(([name]) => name.endsWith('Schema'))
    .map(([name, schema]) => [name.slice(0, -'Schema'.length), schema]);
}

/** A converted schema as plain JSON, without the `$schema`/`$id` a standalone schema carries. */
function plain(converted: unknown): JsonObject {
  const json: unknown = JSON.parse(JSON.stringify(converted));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('zod produced a JSON Schema that is not an object');
  }
  const { $schema: _schema, $id: _id, ...rest } = Object.fromEntries(Object.entries(json));
  return rest;
}

/** A request part (path, query or body) as the server accepts it. */
export function requestSchema(schema: Schema): JsonObject {
  return plain(
    z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'throw',
      // zod drops `examples` of transforming schemas in input mode, taking them for examples of
      // the output; ours are written as requests, so they are put back.
      override: ({ zodSchema, jsonSchema }) => {
        const examples = z.globalRegistry.get(zodSchema)?.examples;
        if (Array.isArray(examples)) jsonSchema.examples = examples;
      },
    }),
  );
}

/** Answer schemas converted together, so shared components become `$ref`s. */
export interface ConvertedAnswers {
  /** `components.schemas`. */
  components: Record<string, JsonObject>;
  /** The JSON Schema of an answer schema (a `$ref` for a component). */
  schemaOf(schema: Schema): JsonObject;
}

/** Converts the answers of every route at once, with the contract's schemas as components. */
export function answerSchemas(used: readonly Schema[]): ConvertedAnswers {
  const registry = z.registry<{ id: string }>();
  const names = new Map<Schema, string>();
  for (const [name, schema] of namedAnswers()) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const inline = new Map<Schema, string>();
  for (const schema of used) {
    if (names.has(schema) || inline.has(schema)) continue;
    const id = `${INLINE}${inline.size}`;
    registry.add(schema, { id });
    inline.set(schema, id);
  }
  const converted = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'throw',
    uri: (id) => `${COMPONENTS}${id}`,
  });
  if ('__shared' in converted.schemas) {
    // zod puts recursive parts there; no answer is recursive, and references into it would dangle.
    throw new Error('An answer schema is recursive; describe its recursive part as a named schema.');
  }
  const all = new Map(Object.entries(converted.schemas).map(([id, schema]) => [id, plain(schema)]));
  if (JSON.stringify([...all.values()]).includes(`${COMPONENTS}${INLINE}`)) {
    // One route's answer schema used inside another's: give it a name in the contract instead.
    throw new Error('An inline answer schema is referenced by another schema.');
  }
  const components = Object.fromEntries([...names.values()].map((name) => [name, all.get(name) ?? {}]));
  return {
    components,
    schemaOf(schema) {
      const name = names.get(schema);
      if (name) return { $ref: `${COMPONENTS}${name}` };
      const found = all.get(inline.get(schema) ?? '');
      if (!found) throw new Error('An answer schema was not converted.');
      return found;
    },
  };
}
