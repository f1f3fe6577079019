/**
 * Connection-level protection of an HTTP/1.1 server: a cap on open connections that
 * evicts the connection idle the longest (a slow client still sending its headers, or an
 * idle keep-alive connection) before refusing a newcomer, and answers to malformed
 * requests that reach the client instead of a reset (431 for oversized headers).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Why the guard closed a connection or answered it with an error. */
export type ConnectionRefusalReason =
  'connection_limit' | 'headers_too_large' | 'request_timeout' | 'bad_request';

/** Options of {@link guardConnections}. */
export interface ConnectionGuardOptions {
  /** Most connections open at once; past it the longest-idle one is closed. */
  maxConnections: number;
  /**
   * After an error answer to a malformed request, input is read and discarded for up to
   * this many bytes (and until `lingerMillis` passed) before the connection is closed, so
   * the client reads the answer instead of a reset.
   * @default 1048576 (1 MiB)
   */
  lingerBytes?: number;
  /** @default 2000 */
  lingerMillis?: number;
  /** Called for every connection closed or request answered by the guard. */
  onRefused?: (reason: ConnectionRefusalReason) => void;
}

/** What the guard exposes to its server. */
export interface ConnectionGuard {
  /** Connections open now. */
  readonly open: number;
  /**
   * Marks the request's connection busy until its response is done. Called by the guard
   * for every `request` event; a server handling `checkContinue` (which Node emits instead
   * of `request` for `Expect: 100-continue`) calls it from that handler.
   */
  track(req: IncomingMessage, res: ServerResponse): void;
}

const ANSWERS: Readonly<Record<Exclude<ConnectionRefusalReason, 'connection_limit'>, string>> = {
  headers_too_large: '431 Request Header Fields Too Large',
  request_timeout: '408 Request Timeout',
  bad_request: '400 Bad Request',
};

/**
 * Installs the connection cap and the `clientError` answers on `server` (before it
 * listens). A connection is "busy" from the start of a request until its response is
 * done, "idle" otherwise (including before its first request's headers are complete);
 * only idle connections are evicted, the one idle the longest first. When every
 * connection is busy, the newcomer is closed.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  const max = options.maxConnections;
  const lingerBytes = options.lingerBytes ?? 1024 * 1024;
  const lingerMillis = options.lingerMillis ?? 2000;
  const refused = (reason: ConnectionRefusalReason): void => {
    try {
      options.onRefused?.(reason);
    } catch {
      // Telemetry must never break serving.
    }
  };
  // Idle connections in the order they became idle (Map keeps insertion order).
  const idle = new Map<Socket, true>();
  const busy = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    if (idle.size + busy.size >= max) {
      const oldest = idle.keys().next();
      if (oldest.done === true) {
        refused('connection_limit');
        socket.destroy();
        return;
      }
      idle.delete(oldest.value);
      refused('connection_limit');
      oldest.value.destroy();
    }
    idle.set(socket, true);
    socket.once('close', () => {
      idle.delete(socket);
      busy.delete(socket);
    });
  });

  const track = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    if (!idle.delete(socket) && !busy.has(socket)) return; // closed meanwhile
    busy.add(socket);
    res.once('finish', () => {
      if (!busy.delete(socket) || socket.destroyed) return;
      idle.set(socket, true);
    });
  };
  server.on('request', track);

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const reason = reasonOf(error.code);
    if (reason === undefined || !socket.writable) {
      socket.destroy();
      return;
    }
    refused(reason);
    answerAndLinger(socket, ANSWERS[reason], lingerBytes, lingerMillis);
  });

  return {
    get open() {
      return idle.size + busy.size;
    },
    track,
  };
}

function reasonOf(
  code: string | undefined,
): Exclude<ConnectionRefusalReason, 'connection_limit'> | undefined {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'headers_too_large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'request_timeout';
    case 'HPE_INVALID_EOF_STATE': // the client closed mid-request: nobody to answer
      return undefined;
    default:
      // Other parser errors are malformed HTTP; socket errors (ECONNRESET...) need no answer.
      return code?.startsWith('HPE_') === true ? 'bad_request' : undefined;
  }
}

/**
 * Writes a bodyless error answer, half-closes, and keeps reading (and discarding) what the
 * client still sends for a bounded time and size: closing with unread input would make the
 * kernel send a reset that can destroy the answer before the client reads it.
 */
function answerAndLinger(socket: Socket, status: string, maxBytes: number, millis: number): void {
  socket.removeAllListeners('data');
  let discarded = 0;
  const timer = setTimeout(() => socket.destroy(), millis);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) socket.destroy();
  });
  socket.on('error', () => {});
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
