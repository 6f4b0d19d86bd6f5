export { Role, ALL_ROLES, type Viewer } from "./viewer";
export {
  Allow,
  PERSONAL_DATA_READERS,
  RestrictTo,
  requireAllowed,
  requireScope,
  rolesAllowedFor,
  assertEveryOperationHasAccessRule,
} from "./access-rules";
export { Authenticator } from "./authenticator";
export { createTokenVerifier, signToken, type VerifyToken } from "./token-verifier";
