import { Command, CommanderError } from '@commander-js/extra-typings';
import { registerAnnouncementCommands } from './commands/announcements.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerGitopsCommands } from './commands/gitops.ts';
import { registerIdentityCommands } from './commands/identity.ts';
import { registerIncidentCommands } from './commands/incidents.ts';
import { registerMeetingCommands } from './commands/meetings.ts';
import { registerNoticeCommands } from './commands/notices.ts';
import { registerOpenApiCommand } from './commands/openapi.ts';
import { registerProjectCommands } from './commands/project.ts';
import { registerProjectsCommands } from './commands/projects.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRequestCommands } from './commands/request.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTelemetryCommands, registerUsageCommand } from './commands/telemetry.ts';
import { registerTermsCommand } from './commands/terms.ts';
import type { CliIo } from './io.ts';

export function createProgram(io: CliIo): Command {
  const program = new Command('opf')
    .description('opf: onboard open-source projects to a community cloud, in the open')
    .option('--server <url>', 'opf server URL (env OPF_SERVER, default http://127.0.0.1:8080)')
    .option('--token <token>', 'API token (env OPF_TOKEN)')
    .option('--json', 'print machine-readable JSON')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  registerServeCommand(program, io);
  registerRequestCommands(program, io);
  registerProjectCommands(program, io);
  registerTermsCommand(program, io);
  registerOpenApiCommand(program, io);
  registerGitopsCommands(program, io);
  registerIdentityCommands(program, io);
  registerAuditCommand(program, io);
  registerMeetingCommands(program, io);
  registerAnnouncementCommands(program, io);
  registerIncidentCommands(program, io);
  registerNoticeCommands(program, io);
  registerProjectsCommands(program, io);
  registerTelemetryCommands(program, io);
  registerUsageCommand(program, io);
  registerReportCommand(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export { CommanderError };
