import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { TextField } from '../../shared/components/TextField.tsx';

/** The period in the page's address (?from=&to=), and the API's query for it. */
export function useReportRange(): { from: string; to: string; suffix: string } {
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  return { from, to, suffix: query.size ? `?${query}` : '' };
}

/**
 * The range picker of the project's and the cloud's report pages: two dates (UTC) side by
 * side with a gap between them (stacked, with the same gap, at phone width), then Show and
 * the links to the report's Markdown and JSON for the same period. `api` is the JSON path.
 */
export function RangeForm({ api }: { api: string }) {
  const [, setParams] = useSearchParams();
  const { from, to, suffix } = useReportRange();
  const [draft, setDraft] = useState({ from, to });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    setParams(next);
  };
  return (
    <Form onSubmit={submit} isHorizontal={false} data-test="report-range">
      <div className="opf-report-range-fields">
        <TextField
          id="report-from"
          label="From (a date, UTC)"
          placeholder="YYYY-MM-DD"
          value={draft.from}
          onChange={(value) => setDraft({ ...draft, from: value })}
          hint="Default: 30 days before the end"
        />
        <TextField
          id="report-to"
          label="To (excluded)"
          placeholder="YYYY-MM-DD"
          value={draft.to}
          onChange={(value) => setDraft({ ...draft, to: value })}
          hint="Default: today"
        />
      </div>
      <ActionGroup>
        <Button type="submit" data-test="report-show">
          Show
        </Button>
        <a href={`${api}.md${suffix}`} data-test="report-markdown">
          Markdown
        </a>
        <a href={`${api}${suffix}`} data-test="report-json">
          JSON
        </a>
      </ActionGroup>
    </Form>
  );
}
