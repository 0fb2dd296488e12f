/** `lambkin logs FUNCTION [--follow]`: prints a function's log events from a running Lambkin. */
import { loadConfig, type FlagValues } from '../../config.js';
import { getFromNode } from '../node-request.js';
import { HELP_OPTION, type CommandSpec } from '../spec.js';
import { CLIENT_OPTIONS } from './client-options.js';

interface LogLine { logStreamName: string; timestamp: number; message: string }

export const logsCommand: CommandSpec = {
  name: 'logs',
  summary: "print a function's log events from a running Lambkin",
  operands: 'FUNCTION',
  minOperands: 1,
  maxOperands: 1,
  missingOperands: 'logs needs a function name',
  description: 'Prints the log events of FUNCTION (oldest first, one line each: time, stream, message).\n'
    + 'The logs of a deleted function are still printed, as CloudWatch keeps them.',
  options: [
    { name: 'follow', short: 'f', help: 'keep printing new events as they are written (until interrupted)' },
    ...CLIENT_OPTIONS.filter((o) => o.name !== 'account'),
    { name: 'account', value: 'ID', help: 'the function\'s account (default 000000000000, LAMBKIN_ACCOUNT); with a server\n'
      + 'started with --credentials the request is signed with AWS_ACCESS_KEY_ID and\n'
      + 'AWS_SECRET_ACCESS_KEY, and the signer\'s account is the one read' },
    HELP_OPTION,
  ],
  async run({ values, positionals, out }) {
    const config = loadConfig(values as FlagValues);
    const region = (values.region as string | undefined) ?? process.env.LAMBKIN_REGION;
    const query: Record<string, string> = {
      account: config.accountId, ...(region ? { region } : {}), ...(values.follow ? { follow: '1' } : {}),
    };
    const res = await getFromNode(config, `/_lambkin/logs/${encodeURIComponent(positionals[0]!)}`, query);
    let pending = '';
    res.setEncoding('utf8');
    for await (const chunk of res as AsyncIterable<string>) {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line) continue;
        const event = JSON.parse(line) as LogLine;
        out.write(`${out.dim(new Date(event.timestamp).toISOString())} ${event.logStreamName} ${event.message.replace(/\n$/, '')}\n`);
      }
    }
    return 0;
  },
};
