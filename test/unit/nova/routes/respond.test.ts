import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, renderReply, utf8Length, webobError } from '../../../../src/nova/routes/respond.js';

describe('response rendering', () => {
  it('serialises JSON like Python json.dumps (separators, ASCII escapes)', () => {
    expect(pythonJsonDumps({ a: [1, null, true], 'é': 'ü\n"' })).toBe('{"a": [1, null, true], "\\u00e9": "\\u00fc\\n\\""}');
    expect(pythonJsonDumps({})).toBe('{}');
  });

  it('counts UTF-8 bytes for Content-Length', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('chooses webob error formats by Accept like acceptable_offers', () => {
    const kind = (accept: string | undefined) => {
      const reply = webobError(404, 'The resource could not be found.', accept);
      return reply.kind === 'raw' ? reply.headers[0]![1] : '';
    };
    expect(kind(undefined)).toBe('text/plain; charset=UTF-8');
    expect(kind('application/json')).toBe('application/json');
    expect(kind('*/*')).toBe('text/html; charset=UTF-8');
    expect(kind('text/html;q=0.5, application/json')).toBe('application/json');
    expect(kind('image/png')).toBe('text/plain; charset=UTF-8');
  });

  it('renders an empty 202 with Content-Length 0 and application/json', () => {
    const r = renderReply({ kind: 'empty', status: 202 }, [['x', 'y']]);
    expect(r).toEqual({ status: 202, headers: [['Content-Type', 'application/json'], ['Content-Length', '0'], ['x', 'y']], body: '' });
  });
});
