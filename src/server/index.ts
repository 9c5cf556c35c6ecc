export { API_VERSION, buildApp } from './app.ts';
export { authorize, type Policy, type Principal, type Role } from './auth.ts';
export { bridgeChangesOverPostgres } from './change-bridge.ts';
export { ChangeSignal } from './change-signal.ts';
export type { ServerDeps } from './deps.ts';
export { jobFailureCounter } from './job-metrics.ts';
export { renderOpenApi } from './openapi.ts';
export { buildProbeApp } from './probe-app.ts';
export type { ApiTokenAnswer as ApiToken, MeAnswer as Me } from './routes/tokens.ts';
