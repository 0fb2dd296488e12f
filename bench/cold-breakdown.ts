/**
 * `tsx bench/cold-breakdown.ts [runs] [--prestart N]`: where a cold start's time goes, from Lambkin's own
 * REPORT lines; with `--prestart`, a first invoke claiming a pre-started sandbox (400 ms apart, so the pool refills).
 * total = client-measured invoke; init = spawn to first /next (sandbox + interpreter + runtime client);
 * duration = handler; server = everything else (API, function lookup, environment set-up, relaying).
 */
import { performance } from 'node:perf_hooks';
import { CreateFunctionCommand, InvokeCommand, type Runtime } from '@aws-sdk/client-lambda';
import yazl from 'yazl';
import { sdkClient } from './clients.js';
import { startLambkin } from './processes.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const RUNS = Number(process.argv[2]) || 10;
const PRESTART = process.argv.includes('--prestart') ? process.argv[process.argv.indexOf('--prestart') + 1]! : undefined;
const CASES = [
  { kind: 'node', runtime: 'nodejs20.x', handler: 'index.handler', files: { 'index.js': 'exports.handler = async (event) => event;\n' } },
  { kind: 'python', runtime: 'python3.12', handler: 'app.handler', files: { 'app.py': 'def handler(event, context):\n    return event\n' } },
] as const;

function zip(files: Record<string, string>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) z.addBuffer(Buffer.from(text), name);
  z.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const lambkin = await startLambkin({}, PRESTART ? ['--prestart', PRESTART] : []);
  if (PRESTART) await new Promise((r) => setTimeout(r, 1000));
  const client = sdkClient(lambkin.url);
  try {
    for (const c of CASES) {
      const code = await zip(c.files);
      const rows = { total: [] as number[], init: [] as number[], duration: [] as number[], server: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        const name = `breakdown-${c.kind}-${i}`;
        await client.send(new CreateFunctionCommand({
          FunctionName: name, Runtime: c.runtime as Runtime, Handler: c.handler, Role: 'arn:aws:iam::000000000000:role/bench', Code: { ZipFile: code },
        }));
        if (PRESTART) await new Promise((r) => setTimeout(r, 400));
        const t0 = performance.now();
        const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"a":1}'), LogType: 'Tail' }));
        const total = performance.now() - t0;
        const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
        const init = Number(/Init Duration: ([\d.]+) ms/.exec(log)?.[1] ?? NaN);
        const duration = Number(/\tDuration: ([\d.]+) ms/.exec(log)?.[1] ?? NaN);
        rows.total.push(total);
        rows.init.push(init);
        rows.duration.push(duration);
        rows.server.push(total - init - duration);
      }
      console.log(`${c.kind.padEnd(7)} median of ${RUNS}: total ${median(rows.total).toFixed(1)} ms = init ${median(rows.init).toFixed(1)}` +
        ` + duration ${median(rows.duration).toFixed(1)} + server ${median(rows.server).toFixed(1)}`);
    }
  } finally {
    client.destroy();
    await lambkin.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
