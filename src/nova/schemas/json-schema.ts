/**
 * The JSON-Schema subset Nova's request schemas use here (draft 4 keywords). Property order of
 * each schema object matters: python-jsonschema reports the first error in the schema's dict
 * order, so schemas are written in the order Nova builds them. Pure.
 */
export type JsonType = 'object' | 'null' | 'string' | 'boolean' | 'integer' | 'number' | 'array';

export interface NovaSchema {
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, NovaSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}
