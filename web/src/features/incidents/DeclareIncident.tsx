import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { type IncidentDetail, SEVERITIES } from './types.ts';

const words = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean);

/** Ops declare an incident from the status page; the API checks the role and every field. */
export function DeclareIncident() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState('major');
  const [clusters, setClusters] = useState('');
  const [projects, setProjects] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setProblem(undefined);
    try {
      const created = await api.post<IncidentDetail>('/api/v1/incidents', {
        title,
        severity,
        clusters: words(clusters),
        projects: words(projects),
        body,
      });
      navigate(`/incidents/${created.id}`);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      const byField: Record<string, string> = {};
      for (const detail of caught.details) {
        const field = detail.path?.split('.')[0];
        if (field && !byField[field]) byField[field] = detail.message;
      }
      if (caught.code === 'OPF_ERR_INCIDENT_CLUSTER_UNKNOWN') byField.clusters = caught.message;
      if (caught.code === 'OPF_ERR_INCIDENT_PROJECT_UNKNOWN') byField.projects = caught.message;
      setErrors(byField);
      if (Object.keys(byField).length === 0) setProblem(`${caught.code}: ${caught.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      data-test="declare-incident"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        id="incident-title"
        label="Title"
        value={title}
        onChange={setTitle}
        error={errors.title}
        isRequired
      />
      <SelectField
        id="incident-severity"
        label="Severity"
        value={severity}
        options={SEVERITIES.map((s) => ({ value: s, label: s }))}
        onChange={setSeverity}
        error={errors.severity}
      />
      <TextField
        id="incident-clusters"
        label="Clusters"
        hint="env/name, separated by spaces or commas (moc/smaug)"
        value={clusters}
        onChange={setClusters}
        error={errors.clusters}
      />
      <TextField
        id="incident-projects"
        label="Affected projects"
        hint="Project names; their teams are told"
        value={projects}
        onChange={setProjects}
        error={errors.projects}
      />
      <TextField
        id="incident-body"
        label="What is known now"
        value={body}
        onChange={setBody}
        error={errors.body}
        multiline
        isRequired
      />
      {problem && (
        <Notice variant="danger" title="The incident was not declared" dataTest="declare-problem">
          {problem}
        </Notice>
      )}
      <ActionGroup>
        <Button type="submit" variant="primary" isDisabled={busy} data-test="declare-submit">
          Declare and announce
        </Button>
      </ActionGroup>
    </Form>
  );
}
