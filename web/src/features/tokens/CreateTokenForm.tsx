import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { ActionGroup, Form, FormGroup } from '@patternfly/react-core/dist/esm/components/Form';
import { useState } from 'react';
import { ApiError, api } from '../../shared/api.ts';
import { CheckField } from '../../shared/components/CheckField.tsx';
import { FieldMessage } from '../../shared/components/FieldError.tsx';
import { Notice } from '../../shared/components/Notice.tsx';
import { SelectField } from '../../shared/components/SelectField.tsx';
import { TextField } from '../../shared/components/TextField.tsx';
import { errorAt, errorsFromApi, type FieldErrors } from '../../shared/fieldErrors.ts';
import type { CreatedApiToken, Me, Scope } from '../../shared/types.ts';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, SCOPE_CHOICES, scopesForRole } from './choices.ts';

/** The API's refusal, placed at the fields it names; a scope refusal belongs to the scopes. */
function placeErrors(error: ApiError): FieldErrors {
  const errors = errorsFromApi(error);
  if (error.code === 'OPF_ERR_TOKEN_SCOPE') {
    delete errors[''];
    errors.scopes = error.message;
  }
  return errors;
}

/** Name, scopes (those the role can use) and expiry; the API checks and answers. */
export function CreateTokenForm(props: {
  role: Me['role'];
  onCreated: (t: CreatedApiToken) => void;
}) {
  const offered = scopesForRole(props.role);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['read']));
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [customDays, setCustomDays] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const clear = (path: string) => setErrors(({ [path]: _gone, ...rest }) => rest);

  const days = expiry === 'custom' ? customDays.trim() : expiry;
  const submit = async () => {
    // Only what the API cannot word for a person: the rest is the API's to refuse.
    const local: FieldErrors = {};
    if (scopes.size === 0) local.scopes = 'Choose at least one scope.';
    if (!/^\d+$/.test(days)) local.expiresInDays = 'Write a whole number of days.';
    setErrors(local);
    setRefusal(undefined);
    if (Object.keys(local).length > 0) return;
    setSending(true);
    try {
      const created = await api.post<CreatedApiToken>('/api/v1/tokens', {
        name,
        scopes: SCOPE_CHOICES.map((c) => c.scope).filter((scope) => scopes.has(scope)),
        expiresInDays: Number(days),
      });
      setName('');
      props.onCreated(created);
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      setErrors(apiError ? placeErrors(apiError) : {});
      setRefusal(apiError?.message ?? String(caught));
    } finally {
      setSending(false);
    }
  };

  const expiryError = errorAt(errors, 'expiresInDays');
  return (
    <Form
      data-test="token-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {refusal && (
        <Notice variant="danger" title="The token was not created" dataTest="token-form-error">
          {refusal}
        </Notice>
      )}
      <TextField
        id="token-name"
        label="Name"
        value={name}
        isRequired
        hint="What the token is for, e.g. “laptop CLI” or “CI deploy job”."
        error={errorAt(errors, 'name')}
        onChange={(value) => {
          setName(value);
          clear('name');
        }}
      />
      <FormGroup role="group" isStack label="Scopes" fieldId="token-scopes">
        {SCOPE_CHOICES.filter((choice) => offered.includes(choice.scope)).map((choice) => (
          <CheckField
            key={choice.scope}
            id={`token-scope-${choice.scope}`}
            label={choice.scope}
            description={choice.description}
            checked={scopes.has(choice.scope)}
            onChange={(checked) => {
              const next = new Set(scopes);
              if (checked) next.add(choice.scope);
              else next.delete(choice.scope);
              setScopes(next);
              clear('scopes');
            }}
          />
        ))}
        <FieldMessage id="token-scopes-message" error={errorAt(errors, 'scopes')} />
      </FormGroup>
      <SelectField
        id="token-expiry"
        label="Expires in"
        value={expiry}
        options={EXPIRY_CHOICES}
        error={expiry === 'custom' ? undefined : expiryError}
        onChange={(value) => {
          setExpiry(value);
          clear('expiresInDays');
        }}
      />
      {expiry === 'custom' && (
        <TextField
          id="token-days"
          label="Days until it expires"
          value={customDays}
          isRequired
          hint="From 1 to 366."
          error={expiryError}
          onChange={(value) => {
            setCustomDays(value);
            clear('expiresInDays');
          }}
        />
      )}
      <ActionGroup>
        <Button
          type="submit"
          variant="primary"
          data-test="token-create"
          isLoading={sending}
          isDisabled={sending}
        >
          Create token
        </Button>
      </ActionGroup>
    </Form>
  );
}
