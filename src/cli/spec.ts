/** How a CLI command is described (once: its parser, usage line and help come from this) and how its arguments are read. */
import { parseArgs } from 'node:util';
import type { Terminal } from './terminal.js';

export interface OptionSpec {
  name: string;
  short?: string;
  /** The value's placeholder (e.g. `PORT`); a flag without one takes no value. */
  value?: string;
  multiple?: boolean;
  help: string;
}

export interface CommandContext {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
  out: Terminal;
  err: Terminal;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Operands after the command name, as shown in the usage line (e.g. `FUNCTION`). */
  operands: string;
  minOperands: number;
  maxOperands: number;
  /** The usage error when operands are missing, e.g. `logs needs a function name`. */
  missingOperands?: string;
  description: string;
  options: OptionSpec[];
  /** Resolves with the exit code, or never for a command that runs until it is signalled. */
  run(context: CommandContext): Promise<number>;
}

/** A mistake in how the command was called: exit code 2, with a pointer to the help. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** A command that could not do its work (refused, unreachable): one line on stderr, exit code 1. */
export class CommandError extends Error {}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: 'show this help and exit' };

function optionLabel(option: OptionSpec): string {
  return `--${option.name}${option.value ? ` ${option.value}` : ''}`;
}

/** `lambkin NAME OPERANDS [--flag] …`, wrapped under itself past `width` columns (after a 7-column `usage: `). */
export function usageLine(command: CommandSpec, width = 100): string {
  const options = command.options.filter((o) => o !== HELP_OPTION).map((o) => `[${optionLabel(o)}${o.multiple ? ' ...' : ''}]`);
  const head = ['lambkin', command.name, command.operands].filter(Boolean).join(' ');
  const indent = ' '.repeat('usage: '.length + head.length + 1);
  const lines = [head];
  for (const option of options) {
    const last = lines.length - 1;
    const lead = last === 0 ? 'usage: '.length : 0;
    if (lead + lines[last]!.length + 1 + option.length > width && lines[last] !== indent.trimEnd()) lines.push(`${indent}${option}`);
    else lines[last] += ` ${option}`;
  }
  return lines.join('\n');
}

export function parseCommandArgs(command: CommandSpec, argv: string[]): Pick<CommandContext, 'values' | 'positionals'> {
  const options = Object.fromEntries(command.options.map((o) => [o.name, {
    type: o.value ? 'string' as const : 'boolean' as const, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}),
  }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const message = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]} for 'lambkin ${command.name}'`, command.name);
    const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
    if (missing) throw new UsageError(`option ${missing[1]} needs a value`, command.name);
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(message, command.name);
    throw err;
  }
  return { values: parsed.values as CommandContext['values'], positionals: parsed.positionals };
}
