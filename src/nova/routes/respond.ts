/**
 * What route handlers return ({@link Reply}) and how it becomes an {@link HttpResponse}:
 * Nova's JSON serialisation (Python `json.dumps`: `", "`/`": "` separators, ASCII only),
 * Nova faults, and webob's plain error pages for what fails before Nova's dispatcher. Pure.
 */
import type { ResponseHeaders } from '../../http/message.js';
import type { NovaFault } from '../contract.js';
import { FAULT_CONTENT_TYPE, fault, faultBody } from '../faults.js';
import { pythonJsonDumps } from '../python-json.js';

export { pythonJsonDumps };

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'empty'; readonly status: number }
  | { readonly kind: 'fault'; readonly fault: NovaFault }
  | { readonly kind: 'raw'; readonly status: number; readonly headers: ResponseHeaders; readonly body: string };

export const okJson = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });
/** 202 with no body: `Content-Length: 0`, `Content-Type: application/json`. */
export const accepted: Reply = { kind: 'empty', status: 202 };
export const faultReply = (status: number, message: string): Reply => ({ kind: 'fault', fault: fault(status, message) });
export const fromFault = (f: NovaFault): Reply => ({ kind: 'fault', fault: f });

/** UTF-8 byte length without node:buffer. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Status line text webob uses in its error pages. */
const WEBOB_TITLES: Readonly<Record<number, string>> = { 404: 'Not Found', 413: 'Request Entity Too Large', 405: 'Method Not Allowed' };

/** webob's choice among its error page formats (`acceptable_offers(['text/html', 'application/json'])`). */
function webobFormat(accept: string | undefined): 'html' | 'json' | 'plain' {
  if (!accept || accept.trim() === '') return 'plain';
  let html = 0;
  let json = 0;
  let htmlSpec = -1;
  let jsonSpec = -1;
  for (const item of accept.split(',')) {
    const [range = '', ...params] = item.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const r = range.trim();
    const match = (type: string): number => (r === type ? 2 : r === `${type.split('/')[0]}/*` ? 1 : r === '*/*' ? 0 : -1);
    const h = match('text/html');
    if (h > htmlSpec) [htmlSpec, html] = [h, q];
    const j = match('application/json');
    if (j > jsonSpec) [jsonSpec, json] = [j, q];
  }
  if (htmlSpec >= 0 && html > 0 && html >= json) return 'html';
  if (jsonSpec >= 0 && json > 0) return 'json';
  return 'plain';
}

/** webob's default error page (router 404, sizelimit 413): not a Nova fault, format by `Accept`. */
export function webobError(status: number, explanation: string, accept: string | undefined): Reply {
  const title = WEBOB_TITLES[status] ?? 'Error';
  const statusLine = `${status} ${title}`;
  switch (webobFormat(accept)) {
    case 'html':
      return {
        kind: 'raw',
        status,
        headers: [['Content-Type', 'text/html; charset=UTF-8']],
        body: `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${explanation}<br /><br />\n\n\n\n </body>\n</html>`,
      };
    case 'json':
      return {
        kind: 'raw',
        status,
        headers: [['Content-Type', 'application/json']],
        body: pythonJsonDumps({ message: `${explanation}<br /><br />\n\n\n`, code: statusLine, title }),
      };
    case 'plain':
      return { kind: 'raw', status, headers: [['Content-Type', 'text/plain; charset=UTF-8']], body: `${statusLine}\n\n${explanation}\n\n   ` };
  }
}

/** The response for a reply, with `extra` headers (version headers, request ids) after the content headers. */
export function renderReply(
  reply: Reply,
  extra: ResponseHeaders,
  more: ResponseHeaders = [],
): { status: number; headers: Array<readonly [string, string]>; body: string } {
  let status: number;
  let contentType: string;
  let body: string;
  let headers: Array<readonly [string, string]>;
  switch (reply.kind) {
    case 'json':
      status = reply.status;
      contentType = 'application/json';
      body = pythonJsonDumps(reply.body);
      break;
    case 'empty':
      status = reply.status;
      contentType = 'application/json';
      body = '';
      break;
    case 'fault':
      status = reply.fault.status;
      contentType = FAULT_CONTENT_TYPE;
      body = faultBody(reply.fault);
      break;
    case 'raw':
      status = reply.status;
      body = reply.body;
      headers = [...reply.headers, ['Content-Length', String(utf8Length(reply.body))]];
      for (let i = 0; i < extra.length; i++) headers.push(extra[i]!);
      for (let i = 0; i < more.length; i++) headers.push(more[i]!);
      return { status, headers, body };
  }
  headers = [
    contentType === 'application/json' ? JSON_CONTENT_TYPE : [CONTENT_TYPE, contentType],
    // Python's json.dumps output is ASCII (non-ASCII is escaped): one byte per character.
    body === '' ? NO_CONTENT_LENGTH : [CONTENT_LENGTH, String(body.length)],
  ];
  // Indexed loops: `extra` is often a frozen shared list, which for-of walks slowly.
  for (let i = 0; i < extra.length; i++) headers.push(extra[i]!);
  for (let i = 0; i < more.length; i++) headers.push(more[i]!);
  return { status, headers, body };
}

// Shared read-only pairs for the headers nearly every response carries (hot path: no allocation).
const CONTENT_TYPE = 'Content-Type';
const CONTENT_LENGTH = 'Content-Length';
const JSON_CONTENT_TYPE: readonly [string, string] = Object.freeze([CONTENT_TYPE, 'application/json'] as const);
const NO_CONTENT_LENGTH: readonly [string, string] = Object.freeze([CONTENT_LENGTH, '0'] as const);
