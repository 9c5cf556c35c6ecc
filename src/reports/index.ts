export { buildProjectReport } from './build.ts';
export { buildCloudReport, CLOUD_LIST_LIMIT } from './cloud.ts';
export { renderCloudReportMarkdown } from './cloud-markdown.ts';
export type * from './cloud-model.ts';
export {
  cloudReport,
  projectReport,
  projectSnapshot,
  type ReportContext,
  type ReportRange,
} from './load.ts';
export { renderProjectReportMarkdown } from './markdown.ts';
export type * from './model.ts';
export {
  type MonthlyContext,
  nextSendTime,
  previousMonth,
  REPORTS_MONTHLY_JOB,
  reportJobs,
  scheduleMonthlyReports,
  sendMonthlyReports,
} from './monthly.ts';
export { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, parseReportRange } from './range.ts';
