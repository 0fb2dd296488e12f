/** `lambkin status`: what a running Lambkin runs — functions and their environments, the async queue, the mappings. */
import { loadConfig, type FlagValues } from '../../config.js';
import type { StatusReport } from '../../status/report.js';
import { getFromNode, readBody, targetHost, UnreachableError, type NodeTarget } from '../node-request.js';
import { HELP_OPTION, UsageError, type CommandSpec } from '../spec.js';
import type { Terminal } from '../terminal.js';
import { table } from '../table.js';
import { CLIENT_OPTIONS } from './client-options.js';

const RETRY_MS = 250;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Asks until the server answers or `waitMs` has passed, saying so on a terminal meanwhile. */
async function fetchStatus(target: NodeTarget, query: Record<string, string>, waitMs: number, err: Terminal): Promise<StatusReport> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const res = await getFromNode(target, '/_lambkin/status', query);
      err.progressDone();
      return JSON.parse(await readBody(res)) as StatusReport;
    } catch (e) {
      if (!(e instanceof UnreachableError) || Date.now() >= deadline) {
        err.progressDone();
        throw e;
      }
      err.progress(`lambkin: waiting for Lambkin at ${targetHost(target)}:${target.port} (${seconds(deadline - Date.now())} left)`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

function render(report: StatusReport, out: Terminal): string {
  const heading = (text: string) => `${out.bold(text)}\n`;
  let text = heading(`Functions (${report.functions.length})`);
  text += report.functions.length === 0 ? '  none\n' : table(out,
    ['ACCOUNT', 'REGION', 'FUNCTION', 'RUNTIME', 'STATE', 'WARM', 'IDLE', 'BUSY', 'QUEUED'],
    report.functions.map((f) => [f.accountId, f.region, f.functionName, f.runtime ?? '-', f.state ?? '-',
      f.environments.warm, f.environments.idle, f.environments.busy, f.queued]));
  text += heading(`Environments (${report.environments.length})`);
  text += report.environments.length === 0 ? '  none\n' : table(out,
    ['ENVIRONMENT', 'ACCOUNT', 'REGION', 'FUNCTION', 'VERSION', 'STATE', 'UP SINCE'],
    report.environments.map((e) => [e.environmentId.slice(0, 12), e.accountId, e.region, e.functionName, e.version,
      e.state === 'busy' ? out.yellow(e.state) : out.green(e.state), e.upSince]));
  const queue = report.asyncQueue;
  text += heading(`Async queue: ${queue.depth} event${queue.depth === 1 ? '' : 's'}${queue.depth ? `, oldest ${seconds(queue.oldestAgeMs)}` : ''}`);
  if (queue.functions.length > 0) {
    text += table(out, ['FUNCTION', 'DEPTH', 'OLDEST'], queue.functions.map((q) => [q.functionArn, q.depth, seconds(q.oldestAgeMs)]));
  }
  text += heading(`Event source mappings (${report.eventSourceMappings.length})`);
  text += report.eventSourceMappings.length === 0 ? '  none\n' : table(out,
    ['UUID', 'FUNCTION', 'SOURCE', 'STATE', 'POLLER', 'LAG', 'LAST ERROR'],
    report.eventSourceMappings.map((m) => [m.uuid, m.functionName, m.eventSourceArn ?? '-', m.state ?? '-', m.poller.state,
      seconds(m.lagMs), m.lastError ? out.red(m.lastError.message) : '-']));
  return text;
}

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'show what a running Lambkin runs: functions, environments, async queue, mappings',
  operands: '',
  minOperands: 0,
  maxOperands: 0,
  description: 'Shows the functions of a running Lambkin with their warm environments (idle or busy), each\n'
    + 'environment, the async invocation queue and the event source mappings with their pollers\' state.\n'
    + 'Without --account every account is shown; with a server started with --credentials the request\n'
    + 'is signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY and only the signer\'s account is shown.',
  options: [
    ...CLIENT_OPTIONS.filter((o) => o.name !== 'region' && o.name !== 'account'),
    { name: 'account', value: 'ID', help: 'show only this account (12 digits)' },
    { name: 'json', help: 'print the report as JSON (what GET /_lambkin/status answers)' },
    { name: 'wait', value: 'SECONDS', help: 'wait up to SECONDS for the server to answer (e.g. one still starting)' },
    HELP_OPTION,
  ],
  async run({ values, out, err }) {
    const config = loadConfig(values as FlagValues);
    const waitText = values.wait as string | undefined;
    const wait = waitText === undefined ? 0 : Number(waitText);
    if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`wait must be a number of seconds: ${waitText}`, 'status');
    const account = values.account as string | undefined;
    const report = await fetchStatus(config, account !== undefined ? { account } : {}, wait * 1000, err);
    out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : render(report, out));
    return 0;
  },
};
