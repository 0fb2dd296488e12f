/** The `lambkin` command line: picks the command, reads its arguments, and maps what happens to an exit code. */
import { ConfigError } from './config.js';
import { VERSION } from './version.js';
import { COMMANDS } from './cli/commands/index.js';
import { commandHelp, generalHelp } from './cli/help.js';
import { CommandError, parseCommandArgs, usageLine, UsageError, type CommandSpec } from './cli/spec.js';
import { terminal } from './cli/terminal.js';

const out = terminal(process.stdout);
const err = terminal(process.stderr);

function findCommand(name: string): CommandSpec {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command: ${name}`);
  return command;
}

async function runCommand(command: CommandSpec, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(command, argv);
  if (values.help) return out.write(commandHelp(command, out)), 0;
  if (positionals.length < command.minOperands) throw new UsageError(command.missingOperands ?? `${command.name} needs ${command.operands}`, command.name);
  if (positionals.length > command.maxOperands) {
    throw new UsageError(`unexpected argument for 'lambkin ${command.name}': ${positionals[command.maxOperands]}`, command.name);
  }
  try {
    return await command.run({ values, positionals, out, err });
  } catch (e) {
    // A bad flag value (a port, an account) is found when the settings are read.
    if (e instanceof ConfigError) throw new UsageError(e.message, command.name);
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') return out.write(generalHelp(COMMANDS, out)), 0;
  if (first === '--version') return out.write(`lambkin ${VERSION}\n`), 0;
  if (first === 'help') {
    if (rest.length > 1) throw new UsageError('help takes one command name');
    out.write(rest[0] === undefined ? generalHelp(COMMANDS, out) : commandHelp(findCommand(rest[0]), out));
    return 0;
  }
  // Without a command name (e.g. `lambkin --port 0`) the command is serve.
  if (first === undefined || first.startsWith('-')) return runCommand(findCommand('serve'), argv);
  return runCommand(findCommand(first), rest);
}

/** The message, and for a usage error where to read how it is done right. */
function report(e: unknown): number {
  err.progressDone();
  const prefix = err.red('lambkin:');
  if (e instanceof UsageError) {
    const command = COMMANDS.find((c) => c.name === e.command);
    err.write(`${prefix} ${e.message}\n`);
    err.write(command ? `usage: ${usageLine(command)}\nrun 'lambkin help ${command.name}' for every option\n` : "run 'lambkin --help' for the commands\n");
    return 2;
  }
  err.write(`${prefix} ${e instanceof CommandError ? e.message : String((e as Error).stack ?? e)}\n`);
  return 1;
}

// Writes to a pipe, file or terminal are synchronous on Linux: nothing is lost by exiting at once.
main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => process.exit(report(e)));
