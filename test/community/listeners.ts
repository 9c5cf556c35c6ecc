import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  body: string;
}

/** Unfold and split an RFC 5322 header block (enough for the headers the tests read). */
function parseMail(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(at + 4) };
}

/**
 * smtp-server on a loopback port that can go down and come back on the same port, refuse
 * DATA a number of times (a temporary 451), and hold DATA until released (mid-delivery).
 */
export class TestSmtp {
  accepted: ReceivedMail[] = [];
  /** Message-IDs of every DATA the server saw, accepted or not. */
  attempts: string[] = [];
  refuseNext = 0;
  /** When set, DATA is held: the test sees it arrive and decides what happens. */
  hold: ((mail: ReceivedMail) => void) | undefined;
  port = 0;
  private server: SMTPServer | undefined;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mail: ReceivedMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            ...parseMail(Buffer.concat(chunks).toString('utf8')),
          };
          this.attempts.push(mail.headers['message-id'] ?? '');
          if (this.hold) return this.hold(mail); // never answered: the client dies first
          if (this.refuseNext > 0) {
            this.refuseNext -= 1;
            const error = new Error('try again later') as Error & { responseCode: number };
            error.responseCode = 451;
            return callback(error);
          }
          this.accepted.push(mail);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface ReceivedHttp {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** An HTTP listener on loopback standing in for Slack, Google Chat and Matrix. */
export class TestWebhooks {
  received: ReceivedHttp[] = [];
  /** Answer this status to the next requests whose URL contains the key. */
  failures = new Map<string, number>();
  /** Requests whose URL contains this are never answered: `onHold` is told instead. */
  holdPath: string | undefined;
  onHold: (() => void) | undefined;
  url = '';
  port = 0;
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined,
        });
        if (this.holdPath && request.url?.includes(this.holdPath)) return this.onHold?.();
        for (const [key, left] of this.failures)
          if (left > 0 && request.url?.includes(key)) {
            this.failures.set(key, left - 1);
            response.writeHead(500).end('{"error":"down"}');
            return;
          }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    // A restart after stop() comes back on the same port (an outage, then the service again).
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  to(path: string): ReceivedHttp[] {
    return this.received.filter((r) => r.url.startsWith(path));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
