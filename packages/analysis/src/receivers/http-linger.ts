/** Draining what a client still sends after an early answer, so it reads the answer. */
import type { IncomingMessage } from 'node:http';

/**
 * After answering a request whose body was not read to the end, up to this many more bytes
 * are read and discarded before the connection is closed. Closing a socket with unread
 * input makes the kernel send a reset, which can destroy the answer before the client
 * reads it; lingering briefly lets ordinary clients see the 4xx.
 */
export const LINGER_BYTES = 1024 * 1024;

/**
 * How much of an unread body to discard after an early answer so the client reads the
 * answer, not a reset: all of it when it announced (`Content-Length`) no more than twice
 * `maxWireBytes` (so a body of limit + 1 byte is drained), otherwise {@link LINGER_BYTES}.
 */
export function lingerBytes(req: IncomingMessage, maxWireBytes: number): number {
  const declared = Number(req.headers['content-length'] ?? NaN);
  return declared <= 2 * maxWireBytes ? Math.max(declared, LINGER_BYTES) : LINGER_BYTES;
}

/**
 * Reads and discards what is left of a request body so the connection can carry the next
 * request; past `maxBytes` gives up and destroys the connection.
 */
export function discardRest(req: IncomingMessage, maxBytes: number): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) req.socket.destroy();
  });
  req.on('error', () => {});
  req.resume();
}
