/** `lambkin serve` (the default command): runs a Lambkin node until SIGINT or SIGTERM. */
import { loadConfig, type FlagValues } from '../../config.js';
import { startServer } from '../../server.js';
import { startupCredentialsWarning } from '../../outbound/credentials.js';
import { HELP_OPTION, type CommandSpec } from '../spec.js';

export const serveCommand: CommandSpec = {
  name: 'serve',
  summary: 'run a Lambkin node (the default command)',
  operands: '',
  minOperands: 0,
  maxOperands: 0,
  description: 'Answers the Lambda API and runs functions in sandboxes until interrupted (SIGINT or SIGTERM\n'
    + 'stop it cleanly, with exit code 0). Flags win over the LAMBKIN_* variables named below.',
  options: [
    { name: 'host', value: 'H', help: 'address to listen on (default 127.0.0.1, LAMBKIN_HOST)' },
    { name: 'port', value: 'P', help: 'port to listen on, 0 for any free one (default 9001, LAMBKIN_PORT)' },
    { name: 'data-dir', value: 'DIR', help: 'where functions, code and logs are kept (default ./.lambkin, LAMBKIN_DATA_DIR)' },
    { name: 'region', value: 'R', help: 'the default region (default us-east-1, LAMBKIN_REGION)' },
    { name: 'account', value: 'ID', help: 'the default account for unsigned calls (default 000000000000, LAMBKIN_ACCOUNT)' },
    { name: 'credentials', value: 'FILE', help: 'access keys and their accounts: every call must then be signed (LAMBKIN_CREDENTIALS)' },
    { name: 'keep-alive', value: 'SECONDS', help: 'how long an idle environment stays warm (default 300, LAMBKIN_KEEP_ALIVE)' },
    { name: 'sandbox', value: 'auto|bwrap|process', help: 'isolation of functions (default auto: bwrap when the host has it; LAMBKIN_SANDBOX)' },
    { name: 'prestart', value: 'N', help: 'sandboxes started ahead per runtime in use, 0 to 64 (default 1, LAMBKIN_PRESTART)' },
    { name: 'runtime', value: 'RUNTIME=INTERPRETER', multiple: true, help: 'run a runtime with this interpreter, e.g. python3.14=/usr/bin/python3.14\n(repeatable; LAMBKIN_RUNTIMES, comma-separated)' },
    { name: 'strict-runtimes', help: 'refuse a runtime whose exact interpreter is missing (LAMBKIN_STRICT_RUNTIMES)' },
    { name: 'function-url-base', value: 'URL', help: 'scheme, host and port function URLs hang from, behind a proxy (LAMBKIN_FUNCTION_URL_BASE)' },
    { name: 'mq-broker', value: 'BROKER_ARN=amqp://HOST:PORT', multiple: true, help: 'an Amazon MQ broker\'s AMQP address (repeatable; LAMBKIN_MQ_BROKERS)' },
    { name: 'log-retention', value: 'DAYS', help: 'days log events are kept, one of CloudWatch\'s retention periods (default: forever; LAMBKIN_LOG_RETENTION)' },
    HELP_OPTION,
  ],
  async run({ values, out, err }) {
    const config = loadConfig(values as FlagValues);
    err.progress(`lambkin: starting (data dir ${config.dataDir}, sandbox probe, queued work)…`);
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(config);
    } finally {
      err.progressDone();
    }
    return new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        out.write(`lambkin: ${signal} received, shutting down\n`);
        server.close().then(() => resolve(0), (e: unknown) => { err.write(`lambkin: ${String((e as Error).stack ?? e)}\n`); resolve(1); });
      };
      // Before the line that says it listens: whoever waits for that line may signal at once.
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      out.write(`lambkin listening on ${server.url} region=${config.region} data-dir=${config.dataDir}\n`);
      out.write(`lambkin console at ${server.url}/_lambkin/console/\n`);
      const credentialsWarning = startupCredentialsWarning();
      if (credentialsWarning) err.write(`${err.yellow(credentialsWarning)}\n`);
    });
  },
};
