export type {
  Admission,
  Admit,
  CallToAdmit,
  ModelCall,
  RequestHeaders,
} from './admission/admission';
export { type AdmissionDependencies, admitModelCall } from './admission/admit-model-call';
export { admitUngovernedCall } from './admission/admit-ungoverned-call';
export { namedConfig, type RouteConfigs } from './admission/decide-route';
export {
  type AdmitPassThrough,
  type PassThroughAdmission,
  type PassThroughAdmissionDependencies,
  type PassThroughToAdmit,
  passThroughAdmission,
} from './admission/pass-through-admission';
export { type BudgetAlert, BudgetAlertSender, type BudgetAlertSenderOptions } from './budgets/budget-alert-sender';
export {
  BudgetLedger,
  type BudgetState,
  fromNano,
  NANO_USD,
  type Reservation,
  type Settlement,
  toNano,
} from './budgets/budget-ledger';
export { budgetSpentError } from './budgets/budget-spent-error';
export { type BudgetWindow, budgetWindow, previousBudgetWindow } from './budgets/budget-window';
export { estimateMediaUsage } from './budgets/estimate-media-usage';
export { DEFAULT_MAX_OUTPUT_TOKENS, estimateRequestUsage } from './budgets/estimate-request-usage';
export { estimateTextTokens } from './budgets/estimate-text-tokens';
export { type CandidateModel, routeModels } from './budgets/route-models';
export { ConfigStore } from './documents/config-store';
export {
  type VersionedDocument,
  VersionedDocumentStore,
  type VersionedTable,
} from './documents/versioned-document-store';
export { BudgetExceededError, ConsumerRateLimitError } from './governance-errors';
export { createGovernanceKeys, type GovernanceKeys } from './governance-keys';
export { GOVERNANCE_MIGRATIONS } from './governance-migrations';
export { governanceModeWarning } from './governance-mode-warning';
export { type GovernanceStoreOptions, type GovernanceStores, openGovernanceStores } from './governance-stores';
export { type IdentifiedRequest, type IdentifyOptions, identifyPrincipal } from './identity/identify-principal';
export { logScopeOf } from './identity/log-scope-of';
export { type CredentialCarrier, presentedCredential } from './identity/presented-credential';
export {
  governanceOf,
  type Principal,
  type RequestGovernance,
  sessionOf,
  setGovernance,
  setSession,
  virtualKeyOf,
} from './identity/request-identity';
export { type SessionPrincipal, SessionPrincipalSchema } from './identity/session-principal';
export {
  INVALIDATION_TOPICS,
  InvalidationBus,
  type InvalidationBusOptions,
  type InvalidationTopic,
} from './invalidation-bus';
export { authorizeBatchLines, type BatchAuthorization } from './keys/authorize-batch-lines';
export { authorizeRoute, matchesModelPattern, type RouteChoice, type RouteDecision } from './keys/authorize-route';
export { type KeyStandingDependencies, keyStandingProblem } from './keys/key-standing';
export { type KnownVirtualKey, VirtualKeyDirectory } from './keys/virtual-key-directory';
export {
  BUDGET_PERIODS,
  type Budget,
  type BudgetPeriod,
  BudgetSchema,
  statusOf,
  toVirtualKeyView,
  type VirtualKey,
  type VirtualKeyCreate,
  VirtualKeyCreateSchema,
  type VirtualKeyUpdate,
  VirtualKeyUpdateSchema,
} from './keys/virtual-key-schemas';
export {
  generateVirtualKey,
  hashSecret,
  sameDigest,
  secretMatches,
  VIRTUAL_KEY_PREFIX,
} from './keys/virtual-key-secret';
export { VirtualKeyStore } from './keys/virtual-key-store';
export { visibleModel, visibleModels } from './keys/visible-models';
export {
  type AppliedLimit,
  ConsumerRateLimiter,
  type RateLimitSubject,
  type UsageEstimate,
} from './limits/consumer-rate-limiter';
export { type RateLimitFields, rateLimitFields, retryAfterSeconds } from './limits/rate-limit-headers';
export {
  formatRateLimitPolicy,
  parseRateLimitPolicies,
  RATE_LIMIT_UNITS,
  type RateLimitPolicy,
  type RateLimitScope,
  type RateLimitUnit,
} from './limits/rate-limit-policy';
export { SlidingWindowLimiter, type WindowCharge, type WindowOutcome } from './limits/sliding-window-limiter';
export { IpAllowlist } from './network/ip-allowlist';
export { parseTrustProxy, type TrustProxy } from './network/parse-trust-proxy';
export { assertPublicDestination, PrivateDestinationError } from './network/public-destination';
export { PromptStore, type ResolvedPrompt } from './prompts/prompt-store';
export {
  type PromptReference,
  PromptReferenceSchema,
  type PromptTemplate,
  PromptTemplateSchema,
  type RenderedPrompt,
  renderPrompt,
  templateVariables,
} from './prompts/prompt-template';
export { type MasterKeys, parseMasterKey, parseMasterKeys } from './vault/master-key';
export { ProviderKeyVault, type ProviderKeyView } from './vault/provider-key-vault';
export { openSealedSecret, SealedValueError, sealSecret } from './vault/vault-cipher';
export { type ProviderKeySource, VaultKeyResolver } from './vault/vault-key-resolver';
