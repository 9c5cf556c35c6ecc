// The first data of a new cloud, across capabilities: this folder sits above onboarding and
// community so that neither has to reach into the other (docs/adr/0003-layout.md).

export { DEMO_PROJECT, seedSampleTelemetry } from './demo-telemetry.ts';
export { seedDemoData, seedReferenceData } from './first-run.ts';
