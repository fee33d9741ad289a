import { z } from 'zod';
import { MAX_BODY_BYTES } from '../body';
import { IDEMPOTENCY_LEASE_SECONDS } from '../idempotency';
import {
  createMetricRequestSchema,
  goalsQuery,
  kpiIdParams,
  kpiQuery,
  kpisQuery,
  measurementsQuery,
  metricKeyParams,
  pushMeasurementsSchema,
  responses,
  scorecardQuery,
} from './schemas';

type JsonSchema = Record<string, unknown>;

/** Named schemas (`.meta({ id })`) land here and are referenced from components/schemas. */
const components: Record<string, JsonSchema> = {};

/** JSON Schema of what a client sends (input side: defaults optional, transforms as their input). */
function schemaOf(schema: z.ZodType): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema;
  // In OpenAPI `#` is the document, not the schema: named definitions move to components/schemas.
  const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  Object.assign(components, json.$defs ?? {});
  delete json.$defs;
  delete json.$schema;
  return json;
}

/** Query or path parameters from a strict object schema: one parameter per property. */
function parametersOf(schema: z.ZodObject, where: 'query' | 'path'): JsonSchema[] {
  const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema: schemaOf(schema) } } });
const retryAfter = { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } };
const unavailable = { ...problem('The database cannot be reached right now; retry after Retry-After'), headers: retryAfter };
const readErrors = {
  '400': problem('Malformed query'),
  '401': problem('No token, or a malformed, unknown or revoked one'),
  '403': problem('The token lacks the scope'),
  '429': { ...problem('Rate limit reached'), headers: retryAfter },
  '500': problem('A bug on our side'),
  '503': unavailable,
};
const writeErrors = {
  ...readErrors,
  '413': problem(`Body over ${MAX_BODY_BYTES / 1024 / 1024} MB`),
  '415': problem('Body is not JSON'),
  '422': problem('Valid JSON that breaks the rules; `errors` lists each field by path, e.g. `measurements[3].value`'),
};
const healthSchema = { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'], additionalProperties: false };
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schemaOf(schema) } } });

/** The OpenAPI 3.1 document of API v1, generated from the zod schemas the handlers validate with. */
export function openApiDocument(serverUrl: string) {
  schemaOf(responses.problem);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Keel API',
      version: '1',
      description:
        'Push values into Keel and read its scorecards. Authenticate with `Authorization: Bearer <token>` (Settings → API tokens). ' +
        'Errors are RFC 9457 problem details; an unknown path is a 404 and a method a path does not serve a 405 with `Allow`, both problem details. ' +
        'Responses carry `Cache-Control: no-store` and set no cookie. Example:\n\n' +
        "```sh\ncurl -X POST $KEEL/api/v1/measurements -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' " +
        "-H 'Idempotency-Key: load-2026-10-31' -d '{\"measurements\":[{\"metric\":\"paid_signups\",\"date\":\"2026-10-31\",\"value\":173}]}'\n```",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token `keel_…`, scope read or write (write implies read)' } },
      schemas: components,
    },
    paths: {
      '/api/v1/units': {
        get: { operationId: 'listUnits', summary: 'The org-unit tree', 'x-scope': 'read', responses: { '200': json('Units', responses.units), ...readErrors } },
      },
      '/api/v1/goals': {
        get: {
          operationId: 'listGoals',
          summary: 'Goals, of one unit or all',
          'x-scope': 'read',
          parameters: parametersOf(goalsQuery, 'query'),
          responses: { '200': json('Goals', responses.goals), '404': problem('No such unit'), ...readErrors },
        },
      },
      '/api/v1/metrics': {
        get: {
          operationId: 'listMetrics',
          summary: 'Metrics and their keys',
          'x-scope': 'read',
          responses: { '200': json('Metrics', z.object({ data: z.array(responses.metric) })), ...readErrors },
        },
        post: {
          operationId: 'createMetric',
          summary: 'Create a metric',
          'x-scope': 'write',
          requestBody: body(createMetricRequestSchema),
          responses: { '201': json('The metric', responses.metric), ...writeErrors },
        },
      },
      '/api/v1/metrics/{key}/measurements': {
        get: {
          operationId: 'listMeasurements',
          summary: "A metric's values, dates inclusive",
          'x-scope': 'read',
          parameters: [...parametersOf(metricKeyParams, 'path'), ...parametersOf(measurementsQuery, 'query')],
          responses: { '200': json('Values', responses.measurements), '404': problem('No such metric'), ...readErrors },
        },
      },
      '/api/v1/measurements': {
        post: {
          operationId: 'pushMeasurements',
          summary: 'Push values (1–10,000, all or nothing)',
          description:
            'One value per metric and date; a repeated push replaces the stored value. With an `Idempotency-Key` the first response is ' +
            `replayed for 24 hours for the same body; a request still running answers 409 (a crashed one is taken over after ${IDEMPOTENCY_LEASE_SECONDS} s).`,
          'x-scope': 'write',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: '1–255 printable ASCII characters; the same key with another body is a 422',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: body(pushMeasurementsSchema),
          responses: {
            '200': json('Counts', responses.pushResult),
            '409': problem('A request with this Idempotency-Key is still running'),
            ...writeErrors,
          },
        },
      },
      '/api/v1/kpis': {
        get: {
          operationId: 'listKpis',
          summary: 'Live KPIs with their status in their last completed period',
          'x-scope': 'read',
          parameters: parametersOf(kpisQuery, 'query'),
          responses: { '200': json('KPIs', z.object({ data: z.array(responses.kpiSummary) })), '404': problem('No such unit'), ...readErrors },
        },
      },
      '/api/v1/kpis/{id}': {
        get: {
          operationId: 'getKpi',
          summary: 'One KPI with actual, target, score and status for a period',
          'x-scope': 'read',
          parameters: [...parametersOf(kpiIdParams, 'path'), ...parametersOf(kpiQuery, 'query')],
          responses: { '200': json('The KPI', responses.kpiDetail), '404': problem('No such KPI'), ...readErrors },
        },
      },
      '/api/v1/scorecard': {
        get: {
          operationId: 'getScorecard',
          summary: "A unit's rolled-up scorecard (default: the company, the last completed month)",
          'x-scope': 'read',
          parameters: parametersOf(scorecardQuery, 'query'),
          responses: { '200': json('The scorecard', responses.scorecard), '404': problem('No such unit'), ...readErrors },
        },
      },
      '/api/v1/openapi.json': {
        get: { operationId: 'openApi', summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/api/health': {
        get: {
          operationId: 'health',
          summary: 'Whether this server reaches its database (for load balancers)',
          security: [],
          responses: {
            '200': { description: 'Healthy', content: { 'application/json': { schema: healthSchema } } },
            '503': unavailable,
          },
        },
      },
    },
  };
}
