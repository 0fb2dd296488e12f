// `lambkin --help`, `lambkin help COMMAND` and `lambkin COMMAND --help`: every option of every command,
// the exit codes, and usage errors on stderr with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { COMMANDS } from '../../src/cli/commands/index.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function lambkin(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { timeout: 30_000 });
}

async function assertUsageError(args: string[], stderr: string): Promise<void> {
  await assert.rejects(lambkin(...args), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, stderr);
    return true;
  });
}

/** What a usage error of serve prints after its message. */
const SERVE_USAGE = 'usage: lambkin serve [--host H] [--port P] [--data-dir DIR] [--region R] [--account ID]\n'
  + '                     [--credentials FILE] [--keep-alive SECONDS] [--sandbox auto|bwrap|process]\n'
  + '                     [--prestart N] [--runtime RUNTIME=INTERPRETER ...] [--strict-runtimes]\n'
  + '                     [--function-url-base URL] [--mq-broker BROKER_ARN=amqp://HOST:PORT ...]\n'
  + '                     [--log-retention DAYS]\n'
  + "run 'lambkin help serve' for every option\n";

const EXIT_CODES = 'exit codes:\n'
  + '  0  success (serve: stopped by SIGINT or SIGTERM)\n'
  + '  1  the command failed: the server refused it (e.g. an unknown function) or cannot be reached,\n'
  + '     or serve could not start (e.g. the port is taken)\n'
  + '  2  usage error: unknown command or option, a missing or bad value\n';

test('--help lists the commands and the exit codes, on stdout with exit code 0', async () => {
  const { stdout, stderr } = await lambkin('--help');
  assert.equal(stderr, '');
  assert.equal(stdout, 'usage: lambkin [COMMAND] [OPTIONS]\n\n'
    + 'Lambkin: a self-hosted AWS Lambda. The command is serve when none is given.\n\n'
    + 'commands:\n'
    + '  serve       run a Lambkin node (the default command)\n'
    + "  logs        print a function's log events from a running Lambkin\n"
    + '  status      show what a running Lambkin runs: functions, environments, async queue, mappings\n'
    + '  hot-reload  run a function from a local folder: every save takes effect on the next invoke\n'
    + '  runtimes    show what each runtime runs on here; download the Node.js a runtime names\n'
    + '  help        show the help of a command: lambkin help COMMAND\n\n'
    + 'options:\n'
    + "  --help, -h    show this help (after a command: that command's help)\n"
    + '  --version     print the version\n\n'
    + "Run 'lambkin help COMMAND' or 'lambkin COMMAND --help' for every option of a command.\n\n"
    + EXIT_CODES);
  assert.equal((await lambkin('-h')).stdout, stdout);
  assert.equal((await lambkin('help')).stdout, stdout);
});

test('each command\'s help lists every option it accepts, the same by `help COMMAND` and `COMMAND --help`', async () => {
  for (const command of COMMANDS) {
    const { stdout } = await lambkin('help', command.name);
    assert.equal((await lambkin(command.name, '--help')).stdout, stdout);
    assert.equal((await lambkin(command.name, '-h')).stdout, stdout);
    assert.ok(stdout.startsWith(`usage: lambkin ${command.name}`), command.name);
    assert.ok(stdout.endsWith(`\n\n${EXIT_CODES}`), `${command.name} documents the exit codes`);
    for (const option of command.options) {
      const label = `--${option.name}${option.short ? `, -${option.short}` : ''}${option.value ? ` ${option.value}` : ''}`;
      assert.ok(stdout.includes(`\n  ${label} `) || stdout.includes(`\n  ${label}\n`), `${command.name} explains ${label}`);
      if (option.name !== 'help') assert.ok(stdout.includes(`[--${option.name}`), `${command.name}'s usage line has --${option.name}`);
    }
  }
});

test('status --help says what each option does', async () => {
  const { stdout } = await lambkin('status', '--help');
  assert.equal(stdout.slice(0, stdout.indexOf('exit codes:')),
    'usage: lambkin status [--host H] [--port P] [--account ID] [--json] [--wait SECONDS]\n\n'
    + 'Shows the functions of a running Lambkin with their warm environments (idle or busy), each\n'
    + "environment, the async invocation queue and the event source mappings with their pollers' state.\n"
    + 'Without --account every account is shown; with a server started with --credentials the request\n'
    + "is signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and only the signer's account is shown.\n\n"
    + 'options:\n'
    + "  --host H        the server's host (default 127.0.0.1, LAMBKIN_HOST)\n"
    + "  --port P        the server's port (default 9001, LAMBKIN_PORT)\n"
    + '  --account ID    show only this account (12 digits)\n'
    + '  --json          print the report as JSON (what GET /_lambkin/status answers)\n'
    + '  --wait SECONDS  wait up to SECONDS for the server to answer (e.g. one still starting)\n'
    + '  --help, -h      show this help and exit\n\n');
});

test('--version prints the package version', async () => {
  assert.deepEqual(await lambkin('--version'), { stdout: `lambkin ${VERSION}\n`, stderr: '' });
});

test('an unknown command is a usage error', async () => {
  await assertUsageError(['frobnicate'], "lambkin: unknown command: frobnicate\nrun 'lambkin --help' for the commands\n");
  await assertUsageError(['help', 'frobnicate'], "lambkin: unknown command: frobnicate\nrun 'lambkin --help' for the commands\n");
});

test('an unknown option is a usage error naming the command', async () => {
  await assertUsageError(['status', '--bogus'], "lambkin: unknown option --bogus for 'lambkin status'\n"
    + 'usage: lambkin status [--host H] [--port P] [--account ID] [--json] [--wait SECONDS]\n'
    + "run 'lambkin help status' for every option\n");
  await assertUsageError(['--bogus'], `lambkin: unknown option --bogus for 'lambkin serve'\n${SERVE_USAGE}`);
});

test('a missing value, an extra argument and a bad value are usage errors', async () => {
  const statusUsage = 'usage: lambkin status [--host H] [--port P] [--account ID] [--json] [--wait SECONDS]\n'
    + "run 'lambkin help status' for every option\n";
  await assertUsageError(['status', '--port'], `lambkin: option --port needs a value\n${statusUsage}`);
  await assertUsageError(['status', 'extra'], `lambkin: unexpected argument for 'lambkin status': extra\n${statusUsage}`);
  await assertUsageError(['status', '--port', 'abc'], `lambkin: invalid port: abc\n${statusUsage}`);
  await assertUsageError(['status', '--wait', 'soon'], `lambkin: wait must be a number of seconds: soon\n${statusUsage}`);
  await assertUsageError(['serve', '--sandbox', 'vm'], `lambkin: sandbox must be auto, bwrap or process\n${SERVE_USAGE}`);
});
