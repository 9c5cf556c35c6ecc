import { OpfError } from '../core/index.ts';
import { DEFAULT_ENGAGEMENT_SETTINGS, type EngagementSettings } from '../engagement/index.ts';

/** One whole number from the environment, within bounds, or the default. */
function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `${name} must be a whole number from ${min} to ${max}, not "${text}"`,
    );
  return value;
}

/** Thresholds of the engagement rule and the periods of notices and offboarding. */
export function engagementConfig(env: NodeJS.ProcessEnv): EngagementSettings {
  const d = DEFAULT_ENGAGEMENT_SETTINGS;
  const atRiskIdleDays = whole(
    env,
    'OPF_ENGAGEMENT_AT_RISK_DAYS',
    d.thresholds.atRiskIdleDays,
    1,
    3650,
  );
  const inactiveIdleDays = whole(
    env,
    'OPF_ENGAGEMENT_INACTIVE_DAYS',
    d.thresholds.inactiveIdleDays,
    1,
    3650,
  );
  if (inactiveIdleDays <= atRiskIdleDays)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_ENGAGEMENT_INACTIVE_DAYS (${inactiveIdleDays}) must be more than OPF_ENGAGEMENT_AT_RISK_DAYS (${atRiskIdleDays})`,
    );
  const auto = env.OPF_OFFBOARD_AUTO_PROPOSE ?? 'on';
  if (auto !== 'on' && auto !== 'off')
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_OFFBOARD_AUTO_PROPOSE must be on or off, not "${auto}"`,
    );
  return {
    thresholds: {
      atRiskIdleDays,
      inactiveIdleDays,
      missedMeetings: whole(
        env,
        'OPF_ENGAGEMENT_MISSED_MEETINGS',
        d.thresholds.missedMeetings,
        0,
        100,
      ),
      incidentResponseHours: whole(
        env,
        'OPF_ENGAGEMENT_INCIDENT_RESPONSE_HOURS',
        d.thresholds.incidentResponseHours,
        1,
        24 * 365,
      ),
    },
    noticeRespondDays: whole(env, 'OPF_NOTICE_RESPOND_DAYS', d.noticeRespondDays, 1, 365),
    termsReacceptDays: whole(env, 'OPF_TERMS_REACCEPT_DAYS', d.termsReacceptDays, 1, 365),
    reminderHours: whole(env, 'OPF_NOTICE_REMINDER_HOURS', d.reminderHours, 1, 24 * 90),
    offboardNoticeDays: whole(env, 'OPF_OFFBOARD_NOTICE_DAYS', d.offboardNoticeDays, 0, 365),
    autoProposeOffboarding: auto === 'on',
  };
}
