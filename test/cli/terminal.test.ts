// Colours and progress lines only on a terminal (a pty from util-linux `script`), never in a pipe; NO_COLOR turns colours off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;

/** Runs the CLI on a pseudo-terminal; stdout and stderr both arrive in the answer, with \r\n line ends. */
async function onTerminal(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  try {
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, output: e.stdout };
  }
}

test('help on a terminal has bold headings; in a pipe, or with NO_COLOR, plain text', async () => {
  const tty = await onTerminal(['help', 'status']);
  assert.equal(tty.code, 0);
  assert.ok(tty.output.startsWith('\x1b[1musage:\x1b[22m lambkin status [--host H]'), JSON.stringify(tty.output.slice(0, 40)));
  const plain = await onTerminal(['help', 'status'], { NO_COLOR: '1' });
  assert.ok(plain.output.startsWith('usage: lambkin status [--host H]'));
  assert.doesNotMatch(plain.output, /\x1b/);
  const { stdout } = await run(process.execPath, [BIN, 'help', 'status']);
  assert.doesNotMatch(stdout, /\x1b/);
});

test('waiting for a server shows a progress line on a terminal only, and the failure is exit code 1', async () => {
  const tty = await onTerminal(['status', '--wait', '1', '--port', '1']);
  assert.equal(tty.code, 1);
  assert.ok(tty.output.startsWith('\r\x1b[2Klambkin: waiting for Lambkin at 127.0.0.1:1 ('), JSON.stringify(tty.output.slice(0, 60)));
  assert.ok(tty.output.endsWith('\r\x1b[2K\x1b[31mlambkin:\x1b[39m cannot reach Lambkin at 127.0.0.1:1: ECONNREFUSED\r\n'));
  const noColour = await onTerminal(['status', '--wait', '1', '--port', '1'], { NO_COLOR: '1' });
  assert.ok(noColour.output.endsWith('\r\x1b[2Klambkin: cannot reach Lambkin at 127.0.0.1:1: ECONNREFUSED\r\n'));
  await assert.rejects(run(process.execPath, [BIN, 'status', '--wait', '1', '--port', '1']), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stderr, 'lambkin: cannot reach Lambkin at 127.0.0.1:1: ECONNREFUSED\n');
    return true;
  });
});
