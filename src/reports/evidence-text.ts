/**
 * Turns a cell's request and response into short readable text for the reports. Credentials
 * are redacted: reports are published. Pure.
 */
import type { CellRequest, CellResponse, CellResult } from '../matrix/result.js';

/** Headers worth showing: the ones that decide Nova's behaviour, plus the content type. */
const SHOWN_HEADERS = ['openstack-api-version', 'x-openstack-nova-api-version', 'content-type', 'vary'];
const SECRET_HEADERS = ['x-auth-token', 'authorization', 'x-subject-token', 'cookie'];

function headerLines(headers: Readonly<Record<string, string>>): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (SECRET_HEADERS.includes(key)) lines.push(`${key}: <redacted>`);
    else if (SHOWN_HEADERS.includes(key)) lines.push(`${key}: ${value}`);
  }
  return lines;
}

function bodyText(body: unknown): string {
  if (body === null || body === undefined || body === '') return '';
  if (typeof body === 'string') return body;
  return JSON.stringify(body, null, 2);
}

/** `POST /v2.1/servers/…/action`, the headers that matter, a blank line and the body. */
export function formatRequest(request: CellRequest): string {
  const head = [`${request.method} ${request.path}`, ...headerLines(request.headers)];
  const body = bodyText(request.body);
  return body ? `${head.join('\n')}\n\n${body}` : head.join('\n');
}

/** `HTTP 400`, the microversion headers and the body. */
export function formatResponse(response: CellResponse): string {
  const head = [`HTTP ${response.status}`, ...headerLines(response.headers)];
  const body = bodyText(response.body);
  return body ? `${head.join('\n')}\n\n${body}` : head.join('\n');
}

/** A cell's request (or the client's refusal) and answer, as a failing JUnit case shows them. */
export function cellEvidenceText(cell: Pick<CellResult, 'request' | 'refusal' | 'response'>): string {
  return [cell.request ? `Request:\n${formatRequest(cell.request)}` : `Refused by the client: ${cell.refusal ?? ''}`, cell.response ? `Response:\n${formatResponse(cell.response)}` : '']
    .filter(Boolean)
    .join('\n\n');
}
