/**
 * Nova-shaped fault responses written straight to a socket, for the cases where Node's HTTP
 * parser gave up before a request object existed (garbage request line, oversize headers,
 * slow clients, CONNECT). Everything the emulator sends is a Nova fault, even these.
 */
import type { Duplex } from 'node:stream';
import { fault, faultBody, FAULT_CONTENT_TYPE } from '../faults.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

/** A complete HTTP/1.1 response with a Nova fault body that closes the connection. */
export function rawFaultResponse(status: number, message: string): string {
  const body = faultBody(fault(status, message));
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    `Content-Type: ${FAULT_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** Parser error codes from llhttp/Node mapped to the fault a client sees. */
export function clientErrorFault(code: string | undefined): { status: number; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'Request header fields too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'The request was not received completely in time.' };
    default:
      return { status: 400, message: 'The request could not be parsed as HTTP/1.1.' };
  }
}

/** Writes the fault if the socket can still take it, then half-closes; never throws. */
export function endWithFault(socket: Duplex, status: number, message: string): void {
  try {
    if (socket.writable) socket.end(rawFaultResponse(status, message));
    else socket.destroy();
  } catch {
    socket.destroy();
  }
}
