/** `POST /servers/{id}/migrations/{mid}/action` schema (`schemas/server_migrations.py`, 2.22+). Pure. */
import type { NovaSchema } from './json-schema.js';

export const forceCompleteSchema: NovaSchema = {
  type: 'object',
  properties: { force_complete: { type: 'null' } },
  required: ['force_complete'],
  additionalProperties: false,
};
