import { describe, expect, it } from 'vitest';
import { communityConfig } from '../../src/config/community.ts';

describe('community configuration from the environment', () => {
  it('has no mail server and announces approvals and onboardings by default', () => {
    const config = communityConfig({}, 'http://opf.example.org');
    expect(config.smtp).toBeUndefined();
    expect(config.webhooks).toEqual([]);
    expect(config.autoAnnounce).toEqual({ approved: true, onboarded: true });
  });

  it('reads SMTP and the chat webhooks', () => {
    const config = communityConfig(
      {
        OPF_SMTP_HOST: 'smtp.example.org',
        OPF_SMTP_PORT: '465',
        OPF_SMTP_USER: 'opf',
        OPF_SMTP_PASSWORD: 'secret',
        OPF_CHAT_WEBHOOKS: JSON.stringify([
          {
            channel: 'operate-first-ops',
            format: 'google-chat',
            url: 'https://chat.googleapis.com/v1/spaces/X/messages?key=k',
          },
        ]),
        OPF_ANNOUNCE_AUTO: 'onboarded',
      },
      'https://opf.example.org',
    );
    expect(config.smtp).toEqual({
      host: 'smtp.example.org',
      port: 465,
      secure: true,
      from: 'opf <opf@opf.example.org>',
      user: 'opf',
      password: 'secret',
    });
    expect(config.webhooks).toHaveLength(1);
    expect(config.autoAnnounce).toEqual({ approved: false, onboarded: true });
  });

  it('refuses what it cannot use, with the variable named', () => {
    const bad = (env: NodeJS.ProcessEnv) => () => communityConfig(env, 'http://opf.test');
    expect(bad({ OPF_SMTP_HOST: 'h', OPF_SMTP_PORT: 'x' })).toThrow(/OPF_SMTP_PORT/);
    expect(bad({ OPF_CHAT_WEBHOOKS: 'not json' })).toThrow(/OPF_CHAT_WEBHOOKS/);
    expect(
      bad({ OPF_CHAT_WEBHOOKS: '[{"channel":"c","format":"irc","url":"https://x"}]' }),
    ).toThrow(/format/);
    expect(bad({ OPF_ANNOUNCE_AUTO: 'always' })).toThrow(/OPF_ANNOUNCE_AUTO/);
    expect(() => communityConfig({ OPF_SMTP_HOST: 'h' }, 'not a url')).toThrow(/OPF_PUBLIC_URL/);
  });
});
