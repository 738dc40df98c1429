/** What a Nova answer may look like, for the fuzz suites: every error a Nova fault or a webob page. */
import { expect } from 'vitest';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * An error body real Nova could send: a Nova fault (`{"<key>": {"code": <status>, "message": "..."}}`),
 * or, for what fails before Nova's dispatcher (router 404, sizelimit 413), webob's error page
 * in the format `Accept` picked (plain text, HTML, or webob's JSON).
 */
export function expectNovaErrorBody(answer: Answer, method: string, context: string): void {
  if (method === 'HEAD') return;
  const webobPlain = new RegExp(`^${answer.status} [A-Za-z ]+\\n\\n`);
  if (webobPlain.test(answer.body) || answer.body.includes(`<title>${answer.status} `)) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw new Error(`${context}: error body is neither JSON nor a webob page: ${answer.body.slice(0, 200)}`);
  }
  if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'string') {
    expect((parsed as { code: string }).code.startsWith(`${answer.status} `), `${context}: webob JSON code`).toBe(true);
    expect(typeof (parsed as { message?: unknown }).message, `${context}: webob JSON message`).toBe('string');
    return;
  }
  expectNovaFault(answer, context);
}

/** A Nova fault: one key, whose value is `{code: <status>, message: <string>}`. */
export function expectNovaFault(answer: Answer, context: string): void {
  const parsed = JSON.parse(answer.body) as unknown;
  const keys = parsed !== null && typeof parsed === 'object' ? Object.keys(parsed) : [];
  expect(keys, `${context}: fault has one key`).toHaveLength(1);
  const inner = (parsed as Record<string, { code?: unknown; message?: unknown }>)[keys[0]!];
  expect(inner?.code, `${context}: fault code`).toBe(answer.status);
  expect(typeof inner?.message, `${context}: fault message`).toBe('string');
}
