import { useState } from 'react';
import { Notice } from './Notice.tsx';

export interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * A one-click answer (acknowledge a notice, an incident): whether it is being sent, and
 * what came back. `send` runs it; on success the outcome says `done`, else the API's words.
 */
export function useAnswer() {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const send = async (call: () => Promise<unknown>, done: string, then?: () => void) => {
    setBusy(true);
    try {
      await call();
      setOutcome({ ok: true, text: done });
      then?.();
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return { outcome, busy, send };
}

/** What came of the answer: a success line, or why it was not taken (`<prefix>-done|-error`). */
export function AnswerOutcome(props: { outcome: Outcome | undefined; prefix: string }) {
  const { outcome } = props;
  if (!outcome) return null;
  return (
    <Notice
      variant={outcome.ok ? 'success' : 'danger'}
      title={outcome.ok ? outcome.text : 'Not acknowledged'}
      dataTest={outcome.ok ? `${props.prefix}-done` : `${props.prefix}-error`}
    >
      {outcome.ok ? undefined : outcome.text}
    </Notice>
  );
}
