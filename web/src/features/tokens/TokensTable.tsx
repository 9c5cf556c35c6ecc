import { Button } from '@patternfly/react-core/dist/esm/components/Button';
import { Label, LabelGroup } from '@patternfly/react-core/dist/esm/components/Label';
import { type Column, DataTable } from '../../shared/components/DataTable.tsx';
import { Placeholder } from '../../shared/components/Placeholder.tsx';
import { StateLabel } from '../../shared/components/StateLabel.tsx';
import { formatTime } from '../../shared/time.ts';
import type { ApiToken } from '../../shared/types.ts';
import { tokenState } from './choices.ts';

function When({ iso, never }: { iso: string | null; never: string }) {
  return iso ? <time dateTime={iso}>{formatTime(iso)}</time> : <span>{never}</span>;
}

/** The caller's tokens, newest first; live ones can be revoked. */
export function TokensTable(props: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  if (props.tokens.length === 0)
    return (
      <Placeholder title="No API tokens yet" dataTest="tokens-empty">
        Create one below for the CLI or for automation.
      </Placeholder>
    );
  const now = new Date();
  const columns: Column<ApiToken>[] = [
    {
      title: 'Name',
      cell: (token) => (
        <>
          <span data-test="token-row-name">{token.name}</span>
          <div className="opf-muted">
            <code>{token.prefix}…</code>
          </div>
        </>
      ),
    },
    {
      title: 'Scopes',
      cell: (token) => (
        <LabelGroup aria-label={`Scopes of ${token.name}`} numLabels={4}>
          {token.scopes.map((scope) => (
            <Label key={scope} isCompact>
              {scope}
            </Label>
          ))}
        </LabelGroup>
      ),
    },
    { title: 'Created', cell: (token) => <When iso={token.createdAt} never="" /> },
    { title: 'Expires', cell: (token) => <When iso={token.expiresAt} never="" /> },
    {
      title: 'Last used',
      cell: (token) => (
        <span data-test="token-last-used">
          <When iso={token.lastUsedAt} never="never" />
        </span>
      ),
    },
    {
      title: 'State',
      cell: (token) => (
        <span data-test="token-state">
          <StateLabel state={tokenState(token, now)} />
        </span>
      ),
    },
    {
      title: 'Actions',
      cell: (token) =>
        tokenState(token, now) === 'active' ? (
          <Button
            variant="secondary"
            isDanger
            size="sm"
            data-test="token-revoke"
            aria-label={`Revoke token ${token.name}`}
            onClick={() => props.onRevoke(token)}
          >
            Revoke
          </Button>
        ) : token.revokedAt ? (
          <span className="opf-muted">
            Revoked <When iso={token.revokedAt} never="" />
          </span>
        ) : null,
    },
  ];
  return (
    <DataTable
      label="Your API tokens"
      dataTest="tokens-table"
      columns={columns}
      rows={[...props.tokens].reverse()}
      rowKey={(token) => token.id}
    />
  );
}
