import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { problemType } from '../errors/error-catalogue';

/**
 * Answers requests that Node's HTTP parser rejects before any framework sees them (oversized
 * headers, malformed request lines) with problem+json, when the socket can still take a reply.
 */
export function installClientErrorHandler(server: Server): void {
  server.removeAllListeners('clientError');
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : err.code === 'HPE_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const code = 'BAD_REQUEST';
    const body = JSON.stringify({
      type: problemType(code),
      title: 'Bad request',
      status,
      detail: tooLarge ? 'Request headers are too large.' : status === 408 ? 'The request took too long to arrive.' : 'The HTTP request is malformed.',
      code,
      requestId: randomUUID(),
    });
    const reason = tooLarge ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
