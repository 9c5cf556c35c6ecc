import { Loaded } from '../../shared/components/Loaded.tsx';
import type { Cluster, QuotaTier, TermsVersion } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';
import { RequestWizard } from './RequestWizard.tsx';

/** Bring your project: the wizard, once the choices it offers (clusters, tiers, terms) are in. */
export function WizardPage() {
  const clusters = useApi<{ items: Cluster[] }>('/api/v1/clusters');
  const tiers = useApi<{ items: QuotaTier[] }>('/api/v1/quota-tiers');
  const terms = useApi<TermsVersion>('/api/v1/terms/current');
  return (
    <Loaded state={clusters} what="the clusters">
      {(c) => (
        <Loaded state={tiers} what="the quota tiers">
          {(t) => (
            <Loaded state={terms} what="the terms">
              {(current) => <RequestWizard clusters={c.items} tiers={t.items} terms={current} />}
            </Loaded>
          )}
        </Loaded>
      )}
    </Loaded>
  );
}
