export {
  type DeliveryMode,
  type DeliveryResult,
  type DeliveryTarget,
  deliverChange,
} from './deliver.ts';
export { ensureEmbeddedRemote } from './embedded-remote.ts';
export { emptyLayoutFiles } from './empty-layout.ts';
export { syncWorkspace } from './workspace.ts';
