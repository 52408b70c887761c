import type { Identity } from '@mizan/service-kit';
import type { ChainStatus } from './audit-entry.ts';
import { createChainVerifier } from './chain.ts';
import type { Deps } from './ports.ts';

const PAGE = 1000;

/** Recomputes the caller's tenant's chain from the first entry, a page at a time. */
export async function checkAuditChain(deps: Deps, who: Identity): Promise<ChainStatus> {
  const verifier = createChainVerifier();
  let after: bigint | null = null;
  for (;;) {
    const page = await deps.db.audit.chainPage(who.tenantId, after, PAGE);
    for (const e of page) verifier.push(e);
    if (page.length < PAGE) return verifier.result();
    after = page.at(-1)!.sequence;
  }
}
