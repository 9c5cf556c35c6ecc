import { readFileSync } from 'node:fs';

/**
 * The CPU time a process has used (user + system), in ms, from /proc (Linux); undefined where
 * there is no /proc or no such process. Clock ticks are taken as 100 a second, Linux's
 * USER_HZ on every common build.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    // The command name, in parentheses, may hold spaces and ')': the fields follow the last.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
