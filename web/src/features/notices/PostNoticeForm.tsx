import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import type { NoticeView } from '../../shared/types.ts';
import { fieldMessage } from './fieldOf.ts';

const KINDS = [
  { value: 'upgrade', label: 'Upgrade window' },
  { value: 'maintenance', label: 'Maintenance' },
  { value: 'general', label: 'Other' },
];

/** Ops post a notice every active project (or those on some clusters) must acknowledge. */
export function PostNoticeForm(props: { onPosted: (notice: NoticeView) => void }) {
  const [kind, setKind] = useState('upgrade');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [clusters, setClusters] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const names = clusters
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const notice = await api.post<NoticeView>('/api/v1/notices', {
        kind,
        title,
        body,
        ...(names.length && { clusters: names }),
      });
      setTitle('');
      setBody('');
      setClusters('');
      props.onPosted(notice);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const general =
    error && !['title', 'body', 'clusters'].some((p) => fieldMessage(error, p))
      ? (error as Error).message
      : undefined;
  return (
    <Panel title="Post a notice" dataTest="post-notice">
      {general && (
        <Notice variant="danger" title="The notice was not posted" dataTest="post-notice-error">
          {general}
        </Notice>
      )}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <SelectField
          id="notice-kind"
          label="Kind"
          value={kind}
          options={KINDS}
          onChange={setKind}
        />
        <TextField
          id="notice-title"
          label="Title"
          value={title}
          onChange={setTitle}
          isRequired
          error={fieldMessage(error, 'title')}
        />
        <TextField
          id="notice-body"
          label="What projects need to know"
          value={body}
          onChange={setBody}
          isRequired
          multiline
          error={fieldMessage(error, 'body')}
        />
        <TextField
          id="notice-clusters"
          label="Only projects on these clusters"
          value={clusters}
          onChange={setClusters}
          placeholder="moc/smaug, moc/infra"
          hint="Leave empty to send it to every active project."
          error={fieldMessage(error, 'clusters')}
        />
        <ActionGroup>
          <Button type="submit" isDisabled={busy} data-test="post-notice-submit">
            Post the notice
          </Button>
        </ActionGroup>
      </Form>
    </Panel>
  );
}
