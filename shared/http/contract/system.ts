import * as z from 'zod/mini';
import type { Contract } from './operation';

export const Health = z.object({ status: z.literal('ok') });

/** What GET /api/v1/openapi.json answers: this contract, as an OpenAPI 3.1 document. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const systemContract = (): Contract => ({
  tag: { name: 'system', description: 'The service itself.' },
  operations: {
    'GET /api/v1/health': {
      summary: 'Answers once the service can serve',
      caller: 'anyone',
      responses: { 200: { description: 'The service is up.', body: { name: 'Health', schema: Health } } },
    },
    'GET /api/v1/openapi.json': {
      summary: 'This document',
      description: 'The OpenAPI 3.1 description of this API, generated from the schemas the functions validate with (`npm run openapi`).',
      caller: 'anyone',
      responses: { 200: { description: 'The document.', body: { name: 'OpenApiDocument', schema: OpenApiDocument } } },
    },
  },
});
