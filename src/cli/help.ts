/** The help texts, built from the command specs so every option is always listed. */
import type { CommandSpec, OptionSpec } from './spec.js';
import { usageLine } from './spec.js';
import type { Terminal } from './terminal.js';

export const EXIT_CODES = [
  ['0', 'success (serve: stopped by SIGINT or SIGTERM)'],
  ['1', 'the command failed: the server refused it (e.g. an unknown function) or cannot be reached,\n'
    + 'or serve could not start (e.g. the port is taken)'],
  ['2', 'usage error: unknown command or option, a missing or bad value'],
] as const;

function indentRest(text: string, by: number): string {
  return text.split('\n').join(`\n${' '.repeat(by)}`);
}

function optionRows(options: OptionSpec[]): string {
  const labels = options.map((o) => `--${o.name}${o.short ? `, -${o.short}` : ''}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.min(Math.max(...labels.map((l) => l.length)) + 2, 34);
  return options.map((o, i) => {
    const label = labels[i]!;
    const gap = label.length + 2 > width ? `\n${' '.repeat(width + 2)}` : ' '.repeat(width - label.length);
    return `  ${label}${gap}${indentRest(o.help, width + 2)}\n`;
  }).join('');
}

function exitCodes(out: Terminal): string {
  return `${out.bold('exit codes:')}\n${EXIT_CODES.map(([code, text]) => `  ${code}  ${indentRest(text, 5)}\n`).join('')}`;
}

export function commandHelp(command: CommandSpec, out: Terminal): string {
  return `${out.bold('usage:')} ${usageLine(command)}\n\n${command.description}\n\n${out.bold('options:')}\n${optionRows(command.options)}\n${exitCodes(out)}`;
}

export function generalHelp(commands: readonly CommandSpec[], out: Terminal): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `${out.bold('usage:')} lambkin [COMMAND] [OPTIONS]\n\n`
    + 'Lambkin: a self-hosted AWS Lambda. The command is serve when none is given.\n\n'
    + `${out.bold('commands:')}\n${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}\n`).join('')}`
    + `  ${'help'.padEnd(width)}show the help of a command: lambkin help COMMAND\n\n`
    + `${out.bold('options:')}\n  --help, -h    show this help (after a command: that command's help)\n  --version     print the version\n\n`
    + 'Run \'lambkin help COMMAND\' or \'lambkin COMMAND --help\' for every option of a command.\n\n'
    + exitCodes(out);
}
