export { type JobHandler, type JobLease, JobRunner, type JobRunnerOptions } from './runner.ts';
