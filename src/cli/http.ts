import type { IncomingMessage, RequestOptions } from 'node:http';

export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
  /** The body as received (files that are not text: Parquet). */
  bytes: Buffer;
}

/**
 * One HTTP(S) request through node:http rather than fetch: fetch loads undici on first use,
 * which costs a short command like `opf request list` more than the rest of its start-up
 * (bench/cli/run.ts). node:http is loaded on the first request, node:https (TLS) only for an
 * https server: a command that sends none (`opf --help`, the GitOps commands) loads neither.
 * Rejects with the socket's error when the server cannot be reached.
 */
export async function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const { request } =
    target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const options: RequestOptions = { method: init.method, headers: { ...init.headers } };
  if (init.body !== undefined)
    options.headers = { ...options.headers, 'content-length': Buffer.byteLength(init.body) };
  return new Promise((resolve, reject) => {
    const outgoing = request(target, options, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const status = response.statusCode ?? 0;
        const bytes = Buffer.concat(chunks);
        resolve({ status, ok: status >= 200 && status < 300, text: bytes.toString('utf8'), bytes });
      });
    });
    outgoing.once('error', reject);
    outgoing.end(init.body);
  });
}
