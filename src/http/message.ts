/**
 * Plain-data HTTP messages shared by the emulator's pure model, the request builders,
 * providers and reports. No sockets here.
 */

/** Request headers: names in lower case; repeated headers joined with ", " as Node does. */
export type RequestHeaders = Readonly<Record<string, string>>;

export interface HttpRequest {
  readonly method: string;
  /** Path without the query string, percent-decoding left to the consumer. */
  readonly path: string;
  /** Raw query string without the leading `?`; empty when none. */
  readonly query: string;
  readonly headers: RequestHeaders;
  /** Raw body text (UTF-8); empty string when none. */
  readonly body: string;
}

/**
 * Response headers as ordered name/value pairs, so a header may repeat
 * (Nova sends two `Vary` lines). Names keep Nova's spelling.
 */
export type ResponseHeaders = ReadonlyArray<readonly [name: string, value: string]>;

export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** Body text; empty string for none (202 actions). */
  readonly body: string;
}

/** Case-insensitive lookup of the first value of a response header. */
export function responseHeader(response: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const key = name.toLowerCase();
  return response.headers.find(([n]) => n.toLowerCase() === key)?.[1];
}

/** Every value of a response header, in order (e.g. both `Vary` lines). */
export function responseHeaderValues(response: Pick<HttpResponse, 'headers'>, name: string): string[] {
  const key = name.toLowerCase();
  return response.headers.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
}

/** Header names lower-cased, repeated headers joined with ", " (Node's rule); undefined values dropped. */
export function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
