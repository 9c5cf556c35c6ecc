import type { TelemetrySource } from './settings.ts';

/** One range query's answer: per namespace, the value at each evaluation time (ms). */
export type RangeAnswer = Map<string, Map<number, number>>;

export class SourceError extends Error {}

/**
 * A range query against a Prometheus-compatible API (`/api/v1/query_range`), POSTed as a
 * form so long overridden queries fit. Values come back per `namespace` label; a series
 * without one (a query written without `by (namespace)`) is an error, not a silent zero.
 */
export async function queryRange(
  source: TelemetrySource,
  query: string,
  range: { start: Date; end: Date; stepSeconds: number },
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<RangeAnswer> {
  const body = new URLSearchParams({
    query,
    start: String(range.start.getTime() / 1000),
    end: String(range.end.getTime() / 1000),
    step: String(range.stepSeconds),
  });
  const signals = [
    AbortSignal.timeout(options.timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ];
  let response: Response;
  try {
    response = await fetch(`${source.url.replace(/\/$/, '')}/api/v1/query_range`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...(source.token && { authorization: `Bearer ${source.token}` }),
      },
      body,
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    throw new SourceError(`${source.url} did not answer: ${causeOf(error)}`);
  }
  const text = await response.text().catch((error) => {
    throw new SourceError(`${source.url} broke off its answer: ${causeOf(error)}`);
  });
  let payload: PrometheusAnswer;
  try {
    payload = JSON.parse(text) as PrometheusAnswer;
  } catch {
    throw new SourceError(`${source.url} answered HTTP ${response.status} without JSON`);
  }
  if (payload.status !== 'success' || !payload.data)
    throw new SourceError(
      `${source.url} answered HTTP ${response.status}: ${payload.errorType ?? 'error'}: ${payload.error ?? 'no data'}`,
    );
  if (payload.data.resultType !== 'matrix')
    throw new SourceError(`the query gives a ${payload.data.resultType}, not a range (matrix)`);
  const answer: RangeAnswer = new Map();
  for (const series of payload.data.result) {
    const namespace = series.metric.namespace;
    if (namespace === undefined)
      throw new SourceError('the query gives series without a namespace label: add by (namespace)');
    const points = answer.get(namespace) ?? new Map<number, number>();
    answer.set(namespace, points);
    for (const [time, value] of series.values) {
      const number = Number(value);
      // NaN and ±Inf (a division by zero) are no measurement.
      if (Number.isFinite(number)) points.set(Math.round(time * 1000), number);
    }
  }
  return answer;
}

interface PrometheusAnswer {
  status: string;
  errorType?: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; values: [number, string][] }[];
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
