export { type AuditPage, pageAudit } from './audit.ts';
export { principalFromApiToken, principalFromSession } from './authenticate.ts';
export {
  defaultIdentityConfig,
  type GithubProviderConfig,
  type IdentityConfig,
  identityConfigFrom,
  type OidcProviderConfig,
  type ProviderConfig,
  SCOPES,
  type Scope,
} from './config.ts';
export { type IdentityContext, identityContext } from './context.ts';
export { demoSignIn } from './demo.ts';
export {
  DEMO_USERS,
  type DemoUserId,
  demoSignInAllowed,
  isLoopbackAddress,
  isLoopbackHost,
} from './demo-users.ts';
export {
  type FinishedLogin,
  finishLogin,
  logout,
  recordFailedLogin,
  safeReturnTo,
  startLogin,
} from './login.ts';
export {
  type ExternalProfile,
  type LoginChecks,
  type LoginProvider,
  loginProviderOf,
} from './providers.ts';
export { type Principal, type Role, roleOf } from './roles.ts';
export {
  assertMayGrant,
  assertMayMintTokens,
  type ScopedPolicy,
  scopeNeeded,
  scopesCover,
  TOKEN_MINTING_SCOPE,
} from './scopes.ts';
export { csrfTokenFor, hashSecret, newSecret, sameSecret } from './secrets.ts';
export {
  type ApiTokenView,
  createApiToken,
  DEFAULT_TOKEN_DAYS,
  listApiTokensFor,
  MAX_TOKEN_DAYS,
  revokeApiTokenFor,
} from './tokens.ts';
