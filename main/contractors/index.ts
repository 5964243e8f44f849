/**
 * Contractors and qualifications in the running core (issue 17 item 3, docs/contractors.md; 一人一码): the
 * register of companies and people kept in the historian and served on the API, the pure rules of who
 * qualifies for a role on a permit and who may be where, and the live checks that raise their alarms.
 */
export { CONTRACTOR_JOURNAL_ACTIONS, ContractorRegister, type ContractorRegisterOptions, type ContractorResult, type CurrentPermits } from './ContractorRegister.js';
export { CONTRACTOR_IMPORT_BODY_LIMIT_BYTES, contractorCapability, registerContractorRoutes } from './contractorCapability.js';
export { ContractorWatch, type ContractorWatchHub, type ContractorWatchOptions, type WatchedPermits } from './ContractorWatch.js';
export {
  authorisationFinding,
  certificatesRequired,
  certificateValidAt,
  currentCertificates,
  evaluateContractorRules,
  EXPIRY_URGENT_DAYS,
  EXPIRY_WARNING_DAYS,
  expiryWarning,
  qualificationFor,
  type AuthorisationFinding,
  type CertificateRequirement,
  type ContractorBadge,
  type ContractorBook,
  type ContractorChecks,
  type ContractorCondition,
  type ContractorWorld,
  type ExpiryWarning,
} from './qualificationRules.js';
