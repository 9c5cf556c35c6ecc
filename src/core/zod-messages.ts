import { type $ZodRawIssue, config } from 'zod/v4/core';

const THINGS: Record<string, string> = {
  string: 'characters',
  array: 'entries',
  set: 'entries',
  file: 'bytes',
};

const FORMATS: Record<string, string> = {
  email: 'must be an e-mail address, such as name@example.org',
  url: 'must be a URL, such as https://github.com/org/repo',
  regex: 'is not in the expected form',
};

/**
 * Every field error one plain sentence naming the rule broken, the same in the API, the CLI
 * and the wizard (which all run these schemas), instead of zod's library phrasing ("Too
 * small: expected string to have >=1 characters"). The field's path is put before it.
 */
export function plainIssueMessage(issue: $ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${issue.expected === 'array' ? 'a list' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      const things = THINGS[issue.origin] ?? '';
      if (things === 'characters' && min === 1) return 'is required';
      if (things === 'entries' && min === 1) return 'needs at least one entry';
      return things ? `needs at least ${min} ${things}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const things = THINGS[issue.origin] ?? '';
      return things
        ? `may have at most ${Number(issue.maximum)} ${things}`
        : `must be at most ${Number(issue.maximum)}`;
    }
    case 'invalid_format':
      return FORMATS[issue.format] ?? `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

config({ customError: plainIssueMessage });
