import { describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../src/config/index.ts';
import type { OpfError } from '../../src/core/index.ts';

const BASE = {
  OPF_ADMIN_TOKEN: 'admin-token-0123456789',
  OPF_DATA_DIR: '/tmp/opf-incidents-config',
};

describe('incident settings from the environment', () => {
  it('default: no Alertmanager token (the webhook refuses all), no mirror', () => {
    expect(loadServeConfig(BASE).incidents).toEqual({
      alertmanagerToken: undefined,
      github: undefined,
    });
  });

  it('reads the token and the mirror, falling back to OPF_GITHUB_TOKEN', () => {
    const config = loadServeConfig({
      ...BASE,
      OPF_ALERTMANAGER_TOKEN: 'a-long-enough-token',
      OPF_INCIDENTS_GITHUB_REPO: 'operate-first/incidents',
      OPF_GITHUB_TOKEN: 'ghp_shared',
      OPF_INCIDENTS_GITHUB_LABELS: 'incident, sre',
    });
    expect(config.incidents).toEqual({
      alertmanagerToken: 'a-long-enough-token',
      github: { repo: 'operate-first/incidents', token: 'ghp_shared', labels: ['incident', 'sre'] },
    });
  });

  it.each([
    [{ OPF_ALERTMANAGER_TOKEN: 'short' }, /at least 16/],
    [{ OPF_INCIDENTS_GITHUB_REPO: 'not a repo', OPF_GITHUB_TOKEN: 't' }, /owner\/name/],
    [{ OPF_INCIDENTS_GITHUB_REPO: 'a/b' }, /needs OPF_INCIDENTS_GITHUB_TOKEN/],
  ])('refuses %o with OPF_ERR_CONFIG_INVALID', (env, message) => {
    expect(() => loadServeConfig({ ...BASE, ...env })).toThrow(
      expect.objectContaining({
        code: 'OPF_ERR_CONFIG_INVALID',
        message: expect.stringMatching(message),
      }) as OpfError,
    );
  });
});
