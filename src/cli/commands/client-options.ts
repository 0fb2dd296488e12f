/** The options of every command that talks to a running Lambkin. */
import type { OptionSpec } from '../spec.js';

export const CLIENT_OPTIONS: OptionSpec[] = [
  { name: 'host', value: 'H', help: "the server's host (default 127.0.0.1, LAMBKIN_HOST)" },
  { name: 'port', value: 'P', help: "the server's port (default 9001, LAMBKIN_PORT)" },
  { name: 'region', value: 'R', help: "the region (default: the server's --region; LAMBKIN_REGION)" },
  { name: 'account', value: 'ID', help: 'the account (LAMBKIN_ACCOUNT)' },
];
