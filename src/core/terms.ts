/**
 * The terms every project accepts before it runs on the cloud, from the getting-started
 * texts the product is built from. Terms are versioned data: an admin publishes a new
 * version and projects re-accept it; a request must accept every item of the current one.
 */
export interface TermItem {
  id: string;
  title: string;
  text: string;
}

export interface TermsVersion {
  version: string;
  publishedAt: string;
  items: TermItem[];
}

export const SEED_TERMS: TermsVersion = {
  version: '2026-11',
  publishedAt: '2026-11-01T00:00:00Z',
  items: [
    {
      id: 'no-promise-to-ship',
      title: 'Nothing here implies it will ship',
      text: 'Operating on this cloud never implies that any feature or software will ship. A feature under consideration can be tested without any implied commitment.',
    },
    {
      id: 'no-sla',
      title: 'Pre-release software, no SLA',
      text: 'This is a production cloud that takes in pre-release software: stability is not guaranteed and should not be expected. There is no SLA.',
    },
    {
      id: 'no-backup',
      title: 'No backup of user data',
      text: 'No backup of user data is made. Keep your own copies of anything you cannot lose.',
    },
    {
      id: 'commitment',
      title: 'Free, but the cost is commitment',
      text: 'Running here is free, but it is not a place to bring a project and then leave. Your developers stay engaged with the operators, take part when needed and help sort out issues.',
    },
    {
      id: 'telemetry',
      title: 'Telemetry is harvested freely',
      text: 'Telemetry from the cloud, your project’s included, can be freely harvested and published as open data, to help evolve open-source cloud operations and to build AI-Ops tooling.',
    },
  ],
};

/** Term ids of `current` that `acceptedIds` does not cover. */
export function missingTerms(current: TermsVersion, acceptedIds: readonly string[]): TermItem[] {
  const accepted = new Set(acceptedIds);
  return current.items.filter((item) => !accepted.has(item.id));
}
