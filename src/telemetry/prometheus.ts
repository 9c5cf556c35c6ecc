import { request } from 'undici';
import type { TelemetrySource } from './settings.ts';

/**
 * One range query's answer: its series in the order given, each with its namespace and its
 * values at evaluation times (ms), `times[i]` with `values[i]`, ascending. Two series of one
 * namespace (a query without `by (namespace)` aggregation) are read in order, a later value
 * of the same time replacing an earlier one.
 */
export type RangeAnswer = RangeSeries[];

export interface RangeSeries {
  namespace: string;
  times: number[];
  values: number[];
}

export class SourceError extends Error {}

/**
 * A range query against a Prometheus-compatible API (`/api/v1/query_range`), POSTed as a
 * form so long overridden queries fit. Values come back per `namespace` label; a series
 * without one (a query written without `by (namespace)`) is an error, not a silent zero.
 * The answer is asked for uncompressed (undici's request sends no accept-encoding): the
 * harvest's cost is the CPU of both ends (Prometheus compressing, opf inflating), not the
 * bytes on a cluster's network (issue 12: the harvest within 1.3× of the bare queries).
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
  let status: number;
  let text: string;
  try {
    const response = await request(`${source.url.replace(/\/$/, '')}/api/v1/query_range`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...(source.token && { authorization: `Bearer ${source.token}` }),
      },
      body: body.toString(),
      signal: AbortSignal.any(signals),
    });
    status = response.statusCode;
    try {
      text = await response.body.text();
    } catch (error) {
      throw new SourceError(`${source.url} broke off its answer: ${causeOf(error)}`);
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`${source.url} did not answer: ${causeOf(error)}`);
  }
  let payload: PrometheusAnswer;
  try {
    payload = JSON.parse(text) as PrometheusAnswer;
  } catch {
    throw new SourceError(`${source.url} answered HTTP ${status} without JSON`);
  }
  if (payload.status !== 'success' || !payload.data)
    throw new SourceError(
      `${source.url} answered HTTP ${status}: ${payload.errorType ?? 'error'}: ${payload.error ?? 'no data'}`,
    );
  if (payload.data.resultType !== 'matrix')
    throw new SourceError(`the query gives a ${payload.data.resultType}, not a range (matrix)`);
  const answer: RangeAnswer = [];
  for (const series of payload.data.result) {
    const namespace = series.metric.namespace;
    if (namespace === undefined)
      throw new SourceError('the query gives series without a namespace label: add by (namespace)');
    const times: number[] = [];
    const values: number[] = [];
    for (const [time, value] of series.values) {
      const number = Number(value);
      // NaN and ±Inf (a division by zero) are no measurement.
      if (!Number.isFinite(number)) continue;
      times.push(Math.round(time * 1000));
      values.push(number);
    }
    answer.push({ namespace, times, values });
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
  const { cause, code, message } = error as {
    cause?: { code?: string; message?: string };
    code?: string;
    message: string;
  };
  return cause?.code ?? cause?.message ?? code ?? message;
}
