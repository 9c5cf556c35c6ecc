import { ERROR_REGISTRY, type ErrorCode, type ErrorDetail, OpfError } from '../core/index.ts';
import { type HttpAnswer, send } from './http.ts';

export interface ApiClientOptions {
  server: string;
  token: string | undefined;
}

/** A thin client of opf's HTTP API: answers as JSON, errors as the server's OpfError. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>('PUT', path, body, headers);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** A file the API serves (a dataset), as bytes; errors as for JSON calls. */
  async download(path: string): Promise<Buffer> {
    return this.call<Buffer>('GET', path, undefined, { accept: '*/*' }, true);
  }

  /** The server's base URL and token, for the few answers that are not JSON (iCalendar). */
  get target(): ApiClientOptions {
    return this.options;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    raw = false,
  ): Promise<T> {
    const url = `${this.options.server.replace(/\/$/, '')}${path}`;
    let response: HttpAnswer;
    try {
      response = await send(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(this.options.token && { authorization: `Bearer ${this.options.token}` }),
          ...extraHeaders,
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new OpfError(
        'OPF_ERR_SERVER_UNREACHABLE',
        `cannot reach opf at ${this.options.server} (${(error as Error).message}); start it with "opf serve" or set --server / OPF_SERVER`,
      );
    }
    if (raw && response.ok) return response.bytes as T;
    const text = response.text;
    const json = text ? safeJson(text) : undefined;
    if (response.ok) return json as T;
    const payload = json as
      | { code?: string; message?: string; details?: ErrorDetail[] }
      | undefined;
    const code =
      payload?.code && payload.code in ERROR_REGISTRY
        ? (payload.code as ErrorCode)
        : 'OPF_ERR_INTERNAL';
    throw new OpfError(
      code,
      payload?.message ?? `HTTP ${response.status} from ${url}`,
      payload?.details,
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
