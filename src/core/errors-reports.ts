/**
 * Error codes of the reports (src/reports): a project's report and the cloud's. Kept beside
 * the main registry like the other capabilities' codes; same rules: stable, never reused.
 */
export const REPORTS_ERROR_REGISTRY = {
  OPF_ERR_REPORT_RANGE_INVALID: {
    kind: 'input',
    summary:
      'A report’s from and to are not dates (2026-11-01) or ISO 8601 times, to is not after from, to lies in the future, or the period spans over 400 days.',
  },
  OPF_ERR_REPORT_PROJECT_UNKNOWN: {
    kind: 'not-found',
    summary: 'No project has this name: a report is made for a project opf knows.',
  },
} as const;
