/** `lambkin runtimes list | install RUNTIME...`: what each runtime id runs on here, and the Node.js builds Lambkin downloads. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../config.js';
import { cachedNode, cachedNodeBuilds } from '../../engine/node-builds/cache.js';
import { describeError } from '../../engine/node-builds/download.js';
import { installNewestNode } from '../../engine/node-builds/obtain.js';
import { CURRENT_RUNTIMES, missingNodeMajor, resolveRuntime, type ResolveOptions, type RuntimeSpec } from '../../engine/runtimes.js';
import { CommandError, HELP_OPTION, UsageError, type CommandSpec } from '../spec.js';
import { table } from '../table.js';
import type { Terminal } from '../terminal.js';

const RUNTIME_DIR = fileURLToPath(new URL('../../../runtimes', import.meta.url));
const NODE_RUNTIME = /^nodejs(\d+)\.x$/;

function resolveOptions(config: Config): ResolveOptions {
  // What a server started with these settings resolves before any download of its own.
  return { overrides: config.runtimeExecutables, nodeBuilds: { cacheDir: config.runtimeCacheDir, failure: () => undefined } };
}

/** `node 22.23.5`, `python3.12`, `python3.13 (stand-in)`: what a resolved runtime runs on. */
function runsOn(spec: RuntimeSpec, config: Config): string {
  if (spec.standIn) return `${spec.standIn.name} (stand-in)`;
  if (config.runtimeExecutables[spec.runtime]) return 'mapped with --runtime';
  if (spec.family === 'python') return `python${spec.languageVersion}`;
  const cached = cachedNode(config.runtimeCacheDir, Number(spec.languageVersion));
  if (cached && cached.interpreter === spec.interpreter) return `node ${cached.version}`;
  return spec.interpreter === realpathSync(process.execPath) ? `node ${process.versions.node}` : 'node';
}

function listRuntimes(config: Config, out: Terminal): string {
  const options = resolveOptions(config);
  const ids = [...new Set([...CURRENT_RUNTIMES, ...Object.keys(config.runtimeExecutables)])];
  const rows = ids.map((id) => {
    if (missingNodeMajor(id, options) !== undefined) return [id, '-', `downloaded on first use (lambkin runtimes install ${id})`];
    try {
      const spec = resolveRuntime(id, RUNTIME_DIR, options);
      return [id, runsOn(spec, config), spec.interpreter ?? '-'];
    } catch {
      return [id, '-', 'not installed'];
    }
  });
  const builds = cachedNodeBuilds(config.runtimeCacheDir).map((b) => b.version);
  return table(out, ['RUNTIME', 'RUNS ON', 'INTERPRETER'], rows)
    + `Node.js builds in ${config.runtimeCacheDir}: ${builds.length ? builds.join(', ') : 'none'}\n`;
}

async function install(config: Config, runtimes: string[], out: Terminal, err: Terminal): Promise<void> {
  const majors = runtimes.map((id) => {
    const m = NODE_RUNTIME.exec(id);
    if (!m) throw new UsageError(`only Node.js runtimes (nodejs22.x, nodejs24.x...) are installed by Lambkin: ${id}`, 'runtimes');
    return [id, Number(m[1])] as const;
  });
  for (const [id, major] of majors) {
    try {
      const { build, downloaded } = await installNewestNode(major, config.runtimeCacheDir, config.npmRegistry, (release, { received, total }) => {
        const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
        err.progress(`lambkin: downloading Node.js ${release.version} for ${id}: ${mb(received)}${total ? ` of ${mb(total)}` : ''} MB`);
      });
      err.progressDone();
      out.write(downloaded ? `${id}: Node.js ${build.version} downloaded to ${build.dir}\n` : `${id}: Node.js ${build.version} is cached already in ${build.dir}\n`);
    } catch (e) {
      err.progressDone();
      throw new CommandError(`could not download Node.js ${major} for ${id} from ${config.npmRegistry}: ${describeError(e)}`);
    }
  }
}

export const runtimesCommand: CommandSpec = {
  name: 'runtimes',
  summary: 'show what each runtime runs on here; download the Node.js a runtime names',
  operands: 'list | install RUNTIME...',
  minOperands: 1,
  maxOperands: Number.POSITIVE_INFINITY,
  missingOperands: 'runtimes needs list or install',
  description: 'list shows, for each runtime id, the interpreter a server started here with the same --runtime\n'
    + 'mappings runs it on. install downloads the newest Node.js of each named runtime\'s major from the\n'
    + 'npm registry (npm_config_registry, default https://registry.npmjs.org/) into the runtime cache\n'
    + '(LAMBKIN_RUNTIME_CACHE, default ~/.cache/lambkin/runtimes), which every server of the host shares;\n'
    + 'a server otherwise downloads it before the first start of a function of that runtime.',
  options: [
    { name: 'runtime', value: 'RUNTIME=INTERPRETER', multiple: true, help: "a mapping as serve's --runtime has it (LAMBKIN_RUNTIMES)" },
    HELP_OPTION,
  ],
  async run({ values, positionals, out, err }) {
    const [action, ...runtimes] = positionals as [string, ...string[]];
    const config = loadConfig({ ...(values.runtime ? { runtime: values.runtime as string[] } : {}) });
    if (action === 'list') {
      if (runtimes.length > 0) throw new UsageError(`unexpected argument for 'lambkin runtimes list': ${runtimes[0]}`, 'runtimes');
      out.write(listRuntimes(config, out));
      return 0;
    }
    if (action !== 'install') throw new UsageError(`runtimes does list or install, not ${action}`, 'runtimes');
    if (runtimes.length === 0) throw new UsageError('runtimes install needs the runtimes to install, e.g. nodejs22.x nodejs24.x', 'runtimes');
    await install(config, runtimes, out, err);
    return 0;
  },
};
