import type { WizardDraft } from './draft.ts';

/** What every step gets: the draft, a way to change it, and the message for a field path. */
export interface StepProps {
  draft: WizardDraft;
  update: (path: string, change: (draft: WizardDraft) => WizardDraft) => void;
  error: (path: string) => string | undefined;
}
