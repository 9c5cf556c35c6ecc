export { type JobHandler, JobRunner, type JobRunnerOptions } from './runner.ts';
