import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ERROR_CATALOGUE, ErrorCode, problemType } from '../errors/error-catalogue';
import { elapsedMs, serverTiming } from './server-timing';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function classify(err: NodeJS.ErrnoException): { code: ErrorCode; detail: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return { code: 'HEADERS_TOO_LARGE', detail: 'Request headers are too large.' };
  if (err.code === 'HPE_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { code: 'REQUEST_TIMEOUT', detail: 'The request took too long to arrive.' };
  return { code: 'BAD_REQUEST', detail: 'The HTTP request is malformed.' };
}

/**
 * Answers requests that Node's HTTP parser rejects before any framework sees them (oversized
 * headers, malformed request lines) with problem+json, when the socket can still take a reply.
 * No request exists yet, so its Server-Timing counts from the parser's rejection to the answer.
 */
export function installClientErrorHandler(server: Server): void {
  // Node answers these two itself with a bare status and no body: a missing Host (400; host-header.ts checks it in
  // the adapters' edges instead) and an Expect other than 100-continue (417; RFC 9110 §10.1.1 lets a server ignore
  // it, so the request is served as if it had none).
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('checkExpectation', (req, res) => server.emit('request', req, res));
  server.removeAllListeners('clientError');
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const startedAt = process.hrtime.bigint();
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { code, detail } = classify(err);
    const { status, title } = ERROR_CATALOGUE[code];
    const requestId = randomUUID();
    const body = JSON.stringify({ type: problemType(code), title, status, detail, code, requestId });
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nCache-Control: no-store\r\nServer-Timing: ${serverTiming(elapsedMs(startedAt))}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
