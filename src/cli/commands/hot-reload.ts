/** `lambkin hot-reload FUNCTION DIR [RUNTIME HANDLER]`: runs a function of a running Lambkin from a local folder. */
import { loadConfig, type FlagValues } from '../../config.js';
import { runHotReloadCommand } from '../../code/hot-reload/command.js';
import { HELP_OPTION, type CommandSpec } from '../spec.js';
import { CLIENT_OPTIONS } from './client-options.js';

export const hotReloadCommand: CommandSpec = {
  name: 'hot-reload',
  summary: 'run a function from a local folder: every save takes effect on the next invoke',
  operands: 'FUNCTION DIR [RUNTIME HANDLER]',
  minOperands: 2,
  maxOperands: 4,
  missingOperands: 'hot-reload needs a function name and a folder',
  description: 'Creates FUNCTION (runtime default nodejs20.x, handler index.handler) or updates its code to run\n'
    + 'from the folder DIR, as Code={S3Bucket: "hot-reload", S3Key: DIR} does (docs/hot-reload.md).\n'
    + 'Requests are signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when they are set.',
  options: [...CLIENT_OPTIONS, HELP_OPTION],
  async run({ values, positionals, out }) {
    const config = loadConfig(values as FlagValues);
    const [name, dir, runtime, handler] = positionals as [string, string, string?, string?];
    out.write(`${await runHotReloadCommand(config, name, dir, runtime, handler)}\n`);
    return 0;
  },
};
