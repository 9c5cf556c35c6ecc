import { api } from '../../shared/api.ts';
import type { RequestSpecInput, RequestView } from '../../shared/types.ts';
import { clearDraft, emptyDraft, loadDraft, saveDraft, type WizardDraft } from './draft.ts';
import {
  clearEditDraft,
  fromSpec,
  keepUnedited,
  loadEditDraft,
  saveEditDraft,
} from './editDraft.ts';

/** What the wizard works on: a new request, or an existing one being edited. */
export interface WizardTarget {
  title: string;
  description: string;
  submitLabel: string;
  discardLabel: string;
  /** The draft to start from, and where the draft is kept while it is worked on. */
  load: () => WizardDraft;
  save: (draft: WizardDraft) => void;
  clear: () => void;
  /** What "discard" goes back to. */
  fresh: () => WizardDraft;
  /** The spec as sent: an edit keeps what the wizard has no field for. */
  complete: (spec: RequestSpecInput) => RequestSpecInput;
  send: (spec: RequestSpecInput) => Promise<RequestView>;
  /** An edit sends the version it was made from: a newer one answers 409. */
  editing?: RequestView;
}

export function newRequestTarget(): WizardTarget {
  return {
    title: 'Bring your project',
    description:
      'Ask for namespaces on the cloud. Your answers are checked as you go and kept in this browser until you submit.',
    submitLabel: 'Submit request',
    discardLabel: 'Discard draft',
    load: loadDraft,
    save: saveDraft,
    clear: clearDraft,
    fresh: emptyDraft,
    complete: (spec) => spec,
    send: (spec) => api.post<RequestView>('/api/v1/requests', spec),
  };
}

export function editRequestTarget(request: RequestView, termsVersion: string): WizardTarget {
  return {
    title: `Edit request #${request.id}: ${request.spec.project.displayName ?? request.projectName}`,
    description: `Change what the request asks for; saved as version ${request.version + 1} when you save. Your edit is kept in this browser until then.`,
    submitLabel: 'Save changes',
    discardLabel: 'Discard my edits',
    load: () => loadEditDraft(request, termsVersion),
    save: (draft) => saveEditDraft(request, draft),
    clear: () => clearEditDraft(request.id),
    fresh: () => fromSpec(request.spec, termsVersion),
    complete: (spec) => keepUnedited(spec, request.spec),
    send: (spec) => api.put<RequestView>(`/api/v1/requests/${request.id}`, spec, request.version),
    editing: request,
  };
}
