import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { describeSchemaProblem } from '../../src/schema/schema-error.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'hosts'],
  properties: {
    name: { type: 'string' },
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { state: { enum: ['up', 'down'] }, ip: { type: 'string', pattern: '^[0-9.]+$' } },
      },
    },
  },
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function problemOf(data: unknown) {
  expect(validate(data)).toBe(false);
  return describeSchemaProblem(validate.errors, data);
}

describe('describing a schema problem in a user file', () => {
  it('names the allowed values and the value found, at the deepest path', () => {
    expect(problemOf({ name: 'w', hosts: [{ state: 'sideways' }] })).toEqual({
      pointer: '/hosts/0/state',
      message: 'expected one of "up", "down" (got "sideways")',
    });
  });

  it('names an unknown key on the object that holds it', () => {
    expect(problemOf({ name: 'w', hosts: [{ stat: 'up' }] })).toEqual({ pointer: '/hosts/0', message: "unknown key 'stat'" });
  });

  it('names a missing required key', () => {
    expect(problemOf({ name: 'w' })).toEqual({ pointer: '', message: "missing required key 'hosts'" });
  });

  it('says which type and pattern were expected', () => {
    expect(problemOf({ name: 7, hosts: [] })).toEqual({ pointer: '/name', message: 'expected a value of type string (got 7)' });
    expect(problemOf({ name: 'w', hosts: [{ ip: 'ten' }] })?.message).toBe('expected a value matching ^[0-9.]+$ (got "ten")');
  });

  it('shortens a long value', () => {
    expect(problemOf({ name: 'x'.repeat(100).split(''), hosts: [] })?.message).toMatch(/^expected a value of type string \(got \[.{50,}\.\.\.\)$/);
  });
});
