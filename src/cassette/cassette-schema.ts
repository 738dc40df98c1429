/**
 * JSON Schema of cassette format version 1 (draft-07, checked with ajv). The prose
 * description is docs/record-replay.md; keep the two in step.
 */
const nullableString = { type: ['string', 'null'] } as const;

export const CASSETTE_SCHEMA = {
  $id: 'https://mvmatrix.invalid/schemas/cassette-v1.json',
  title: 'mvmatrix cassette, format version 1',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'metadata', 'servers', 'interactions'],
  properties: {
    format: { const: 'mvmatrix-cassette' },
    version: { const: 1 },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['recordedAt', 'targetOrigin', 'target', 'maxMicroversion', 'novaVersion', 'mvmatrixVersion', 'requestSet', 'note'],
      properties: {
        recordedAt: { type: 'string', minLength: 1 },
        targetOrigin: { type: 'string' },
        target: { type: 'string', minLength: 1 },
        maxMicroversion: nullableString,
        novaVersion: nullableString,
        mvmatrixVersion: { type: 'string' },
        requestSet: { type: 'string' },
        note: nullableString,
      },
    },
    servers: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'host'],
        properties: { id: { type: 'string', minLength: 1 }, host: nullableString },
      },
    },
    interactions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'name', 'request', 'response'],
        properties: {
          key: { type: 'string', minLength: 1 },
          name: { type: 'string' },
          request: {
            type: 'object',
            additionalProperties: false,
            required: ['method', 'pathTemplate', 'path', 'serverRef', 'caller', 'microversion', 'contentType', 'body', 'bodyKey'],
            properties: {
              method: { type: 'string', pattern: '^[A-Z]+$' },
              pathTemplate: { type: 'string', pattern: '^/' },
              path: { type: 'string', pattern: '^/' },
              serverRef: nullableString,
              caller: { enum: ['admin', 'member', 'none'] },
              microversion: {
                type: 'object',
                additionalProperties: false,
                required: ['effective', 'openstackApiVersion', 'novaApiVersion'],
                properties: {
                  effective: { type: 'string', minLength: 1 },
                  openstackApiVersion: nullableString,
                  novaApiVersion: nullableString,
                },
              },
              contentType: nullableString,
              body: { type: 'string' },
              bodyKey: { type: 'string' },
            },
          },
          response: {
            type: 'object',
            additionalProperties: false,
            required: ['status', 'headers', 'body'],
            properties: {
              status: { type: 'integer', minimum: 100, maximum: 599 },
              headers: {
                type: 'array',
                items: { type: 'array', items: [{ type: 'string' }, { type: 'string' }], minItems: 2, maxItems: 2 },
              },
              body: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;
