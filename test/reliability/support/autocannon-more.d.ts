// What the reliability load test reads of autocannon@8 beyond bench/api/autocannon.d.ts.
declare module 'autocannon' {
  export interface RawRequest {
    body?: string;
  }
  export interface Result {
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }
}
