import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Content } from '@patternfly/react-core/dist/esm/components/Content';
import { ActionGroup, Form } from '@patternfly/react-core/dist/esm/components/Form';
import { Flex, FlexItem } from '@patternfly/react-core/dist/esm/layouts/Flex';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { Notice } from '../../shared/components/Notice.tsx';
import { Panel } from '../../shared/components/Panel.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import type { RequestView, TeamConsent } from '../../shared/types.ts';
import type { TeamAccess } from './teamAccess.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Who was told how: the owner should not be waited on for a mail that never left. */
function noticeText(consent: TeamConsent): string {
  switch (consent.notice) {
    case 'sent':
      return `${consent.owner} was told by mail.`;
    case 'queued':
      return `A mail to ${consent.owner} is on its way.`;
    default:
      return `${consent.owner} was not mailed, so they see it here: ${consent.noticeMessage ?? consent.notice}.`;
  }
}

/**
 * A request that names someone else's existing team waits for that team owner's consent.
 * Everyone reads where it stands; the owner (or ops) consents or refuses here.
 */
export function TeamConsentPanel(props: {
  request: RequestView;
  consent: TeamConsent;
  access: TeamAccess;
  onChanged: () => void;
}) {
  const { consent, request, access } = props;
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const mayAnswer =
    consent.state === 'pending' &&
    (access.kind === 'reviewer' || (access.kind === 'member' && same(access.login, consent.owner)));
  const joining = consent.joining.length
    ? `, adding ${consent.joining.join(', ')} to its group`
    : '';

  const answer = async (decision: 'give' | 'refuse') => {
    setBusy(true);
    setFailure(undefined);
    setFieldError(undefined);
    try {
      await api.post(`/api/v1/requests/${request.id}/consent`, {
        decision,
        version: request.version,
        ...(decision === 'refuse' && { reason }),
      });
      setRefusing(false);
      props.onChanged();
    } catch (error) {
      const problem = error instanceof ApiError ? error : undefined;
      if (problem?.details.some((d) => d.path === 'reason')) setFieldError(problem.message);
      else setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (consent.state === 'superseded') return null;
  return (
    <Panel title="Team owner’s consent" dataTest="team-consent">
      {consent.state === 'pending' && (
        <Notice
          variant="warning"
          title="Waiting for the team owner's consent"
          dataTest="consent-pending"
        >
          {consent.askedBy} asked to bind team {consent.team}, which is {consent.owner}’s, to this
          project{joining}. Ops cannot approve it until {consent.owner} consents.{' '}
          {noticeText(consent)}
        </Notice>
      )}
      {consent.state === 'given' && (
        <Content component="p" data-test="consent-given">
          {consent.decidedBy} consented to binding team {consent.team} to this project.
        </Content>
      )}
      {consent.state === 'refused' && (
        <Notice variant="danger" title="The team owner refused" dataTest="consent-refused">
          {consent.decidedBy} refused to bind team {consent.team} to this project: {consent.reason}
        </Notice>
      )}
      {failure && (
        <Notice variant="danger" title="Your answer was not recorded" dataTest="consent-error">
          {failure}
        </Notice>
      )}
      {mayAnswer && !refusing && (
        <Flex className="opf-gap-top">
          <FlexItem>
            <Button
              variant="primary"
              isDisabled={busy}
              data-test="consent-give"
              onClick={() => void answer('give')}
            >
              Consent
            </Button>
          </FlexItem>
          <FlexItem>
            <Button
              variant="danger"
              isDisabled={busy}
              data-test="consent-refuse"
              onClick={() => setRefusing(true)}
            >
              Refuse
            </Button>
          </FlexItem>
        </Flex>
      )}
      {mayAnswer && refusing && (
        <Form
          className="opf-gap-top"
          onSubmit={(event) => {
            event.preventDefault();
            void answer('refuse');
          }}
        >
          <TextField
            id="consent-reason"
            label="Why you refuse"
            hint={`${consent.askedBy} reads this; the request ends with it.`}
            value={reason}
            onChange={setReason}
            error={fieldError}
            isRequired
            multiline
          />
          <ActionGroup>
            <Button type="submit" variant="danger" isDisabled={busy} data-test="consent-send">
              Refuse and end the request
            </Button>
            <Button variant="link" data-test="consent-cancel" onClick={() => setRefusing(false)}>
              Cancel
            </Button>
          </ActionGroup>
        </Form>
      )}
    </Panel>
  );
}
