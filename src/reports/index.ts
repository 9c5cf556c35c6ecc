export { buildProjectReport, NOT_MEASURED } from './build.ts';
export { renderProjectReportMarkdown } from './markdown.ts';
export type * from './model.ts';
