/** The service's {@link OptimizationApi}: opportunities, remediations and the audit log from the store. */
import type { OptimizationApi } from '../api/optimization-routes.js';
import type { RemediationAuditStore } from '../store/remediation-audit.js';
import type { OpportunityStore } from '../store/types.js';

/** Creates the optimization API over `store`. */
export function createOptimizationApi(
  store: OpportunityStore & RemediationAuditStore,
): OptimizationApi {
  return {
    opportunities: (q) => store.listOpportunities(q),
    opportunity: (id) => store.getOpportunity(id),
    remediations: (q) => store.listRemediations(q),
    remediation: (id) => store.getRemediation(id),
    audit: (q) => store.listRemediationAudit(q),
  };
}
