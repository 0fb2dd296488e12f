/** `lambkin serve` (the default) and `lambkin logs`. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type FlagValues } from './config.js';
import { startServer } from './server.js';
import { CommandError, runLogsCommand } from './logs-command.js';
import { startupCredentialsWarning } from './outbound/credentials.js';
import { runHotReloadCommand } from './code/hot-reload/command.js';

const USAGE = `usage: lambkin [serve] [--host H] [--port P] [--data-dir DIR] [--region R] [--account ID]
                      [--credentials FILE] [--keep-alive SECONDS] [--sandbox auto|bwrap|process]
                      [--prestart N]
                      [--runtime RUNTIME=INTERPRETER ...] [--strict-runtimes] [--function-url-base URL]
                      [--mq-broker BROKER_ARN=amqp://HOST:PORT ...]
       lambkin logs FUNCTION [--follow] [--host H] [--port P] [--region R] [--account ID]
       lambkin hot-reload FUNCTION DIR [RUNTIME HANDLER] [--host H] [--port P] [--region R] [--account ID]
       lambkin --help

lambkin hot-reload creates FUNCTION (runtime default nodejs20.x, handler index.handler) or updates its
code to run from the local folder DIR; every save there takes effect on the next invoke (docs/hot-reload.md).

lambkin logs prints a function's log events from a running Lambkin:
  --follow, -f     keep printing new events as they are written
  --host H         the server's host (default 127.0.0.1, LAMBKIN_HOST)
  --port P         the server's port (default 9001, LAMBKIN_PORT)
  --region R       the function's region (default: the server's --region)
  --account ID     the function's account (default 000000000000, LAMBKIN_ACCOUNT); with a server
                   started with --credentials the request is signed with AWS_ACCESS_KEY_ID and
                   AWS_SECRET_ACCESS_KEY, and the signer's account is the one read`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' }, region: { type: 'string' },
      account: { type: 'string' }, credentials: { type: 'string' }, 'keep-alive': { type: 'string' },
      sandbox: { type: 'string' }, prestart: { type: 'string' }, runtime: { type: 'string', multiple: true }, 'strict-runtimes': { type: 'boolean' },
      'function-url-base': { type: 'string' }, 'mq-broker': { type: 'string', multiple: true }, follow: { type: 'boolean', short: 'f' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { console.log(USAGE); return; }
  const [command = 'serve', ...rest] = positionals;
  const config = loadConfig(values as FlagValues);
  if (command === 'serve') {
    const server = await startServer(config);
    console.log(`lambkin listening on ${server.url} region=${config.region} data-dir=${config.dataDir}`);
    const credentialsWarning = startupCredentialsWarning();
    if (credentialsWarning) console.warn(credentialsWarning);
    const stop = (signal: string) => {
      console.log(`lambkin: ${signal} received, shutting down`);
      server.close().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } else if (command === 'logs') {
    if (!rest[0]) throw new ConfigError('logs needs a function name');
    const region = values.region ?? process.env.LAMBKIN_REGION;
    await runLogsCommand(config, rest[0], { follow: Boolean(values.follow), region });
  } else if (command === 'hot-reload') {
    if (!rest[0] || !rest[1]) throw new ConfigError('hot-reload needs a function name and a folder');
    await runHotReloadCommand(config, rest[0], rest[1], rest[2], rest[3]);
  } else {
    throw new ConfigError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`lambkin: ${(err as Error).message}\n${USAGE}`);
  } else if (err instanceof CommandError) {
    console.error(`lambkin: ${err.message}`);
  } else {
    console.error('lambkin:', err);
  }
  process.exit(2);
});
