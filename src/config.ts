/** Server settings: flags win over LAMBKIN_* environment variables, which win over the defaults. */
import { resolve } from 'node:path';
import { RETENTION_DAYS, isRetentionDays } from './logs-api/retention-values.js';
import { runtimeCacheDir } from './engine/node-builds/cache.js';
import { npmRegistry } from './engine/node-builds/registry.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  credentialsFile?: string;
  /** How long an idle execution environment stays warm. */
  keepAliveMs: number;
  sandbox: 'auto' | 'bwrap' | 'process';
  /** Runtime id → interpreter, overriding the ones Lambkin finds itself (e.g. python3.14 → /opt/py/bin/python3.14). */
  runtimeExecutables: Record<string, string>;
  /** Refuse a runtime whose exact interpreter is missing, instead of running it on the nearest version. */
  strictRuntimes: boolean;
  /** Where Node builds for Node runtimes are cached, shared by every server of the host (LAMBKIN_RUNTIME_CACHE). */
  runtimeCacheDir: string;
  /** The npm registry those builds are downloaded from (npm_config_registry). */
  npmRegistry: string;
  /** Scheme, host and port function URLs hang from, when clients reach Lambkin through a proxy. */
  functionUrlBase?: string;
  /** Generic sandboxes kept started ahead per runtime in use, for first invokes of never-seen functions (0: none). */
  prestart: number;
  /** Amazon MQ broker ARN → AMQP URL, ahead of the MQ endpoint's DescribeBroker (e.g. a local RabbitMQ). */
  mqBrokers: Record<string, string>;
  /** Retention in days of log groups created from now on (unset: kept forever, as CloudWatch does). */
  logRetentionDays?: number;
  /** The S3Bucket that names a local folder as code (hot reload); default `hot-reload`. */
  hotReloadBucket?: string;
}

export const DEFAULTS = {
  host: '127.0.0.1', port: 9001, dataDir: './.lambkin', region: 'us-east-1', accountId: '000000000000',
  keepAliveSeconds: 300, sandbox: 'auto', prestart: 1,
} as const;

export type FlagValues = Partial<Record<'host' | 'port' | 'data-dir' | 'region' | 'account' | 'credentials' | 'keep-alive' | 'sandbox' | 'function-url-base' | 'prestart' | 'log-retention', string>>
  & { runtime?: string[]; 'strict-runtimes'?: boolean; 'mq-broker'?: string[] };

/** `nodejs22.x=/usr/local/bin/node` entries, from repeated --runtime flags or comma-separated LAMBKIN_RUNTIMES. */
function runtimeMap(entries: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const id = entry.slice(0, eq).trim();
    const path = entry.slice(eq + 1).trim();
    if (eq < 1 || !path) throw new ConfigError(`runtime must be RUNTIME=PATH, e.g. python3.14=/usr/bin/python3.14: ${entry}`);
    map[id] = resolve(path);
  }
  return map;
}

export class ConfigError extends Error {}

const BROKER_ARN = /^arn:aws[a-z-]*:mq:[a-z0-9-]+:\d{12}:broker:[^:]+:[^:]+$/;

/** `arn:aws:mq:…:broker:NAME:ID=amqp://host:port` entries, from repeated --mq-broker flags or comma-separated LAMBKIN_MQ_BROKERS. */
function brokerMap(entries: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const arn = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    let parsed: URL | undefined;
    try { parsed = new URL(url); } catch { parsed = undefined; }
    if (eq < 1 || !BROKER_ARN.test(arn) || !parsed || (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') || !parsed.hostname) {
      throw new ConfigError(`mq-broker must be BROKER_ARN=amqp(s)://HOST:PORT, e.g. arn:aws:mq:us-east-1:000000000000:broker:b1:b-1=amqp://127.0.0.1:5672: ${entry}`);
    }
    map[arn] = url;
  }
  return map;
}

/** `http(s)://host[:port]`, nothing after it: URL hosts are built as `<id>.lambda-url.<region>.<host>`. */
function functionUrlBase(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`function-url-base must be http(s)://HOST[:PORT]: ${text}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`function-url-base must be http(s)://HOST[:PORT]: ${text}`);
  }
  return `${url.protocol}//${url.host}`;
}

/** A yes/no environment variable: unset, empty, 0, false or no mean no. */
function envFlag(value: string | undefined, name: string): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  throw new ConfigError(`${name} must be true or false: ${value}`);
}

export function loadConfig(flags: FlagValues, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (flag: Exclude<keyof FlagValues, 'runtime' | 'strict-runtimes' | 'mq-broker'>, envName: string): string | undefined => flags[flag] ?? env[envName];
  const port = Number(pick('port', 'LAMBKIN_PORT') ?? DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${pick('port', 'LAMBKIN_PORT')}`);
  const accountId = pick('account', 'LAMBKIN_ACCOUNT') ?? DEFAULTS.accountId;
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`account must be 12 digits: ${accountId}`);
  const region = pick('region', 'LAMBKIN_REGION') ?? DEFAULTS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ConfigError(`invalid region: ${region}`);
  const keepAlive = Number(pick('keep-alive', 'LAMBKIN_KEEP_ALIVE') ?? DEFAULTS.keepAliveSeconds);
  if (!Number.isFinite(keepAlive) || keepAlive < 0) throw new ConfigError('keep-alive must be a number of seconds');
  const sandbox = pick('sandbox', 'LAMBKIN_SANDBOX') ?? DEFAULTS.sandbox;
  if (sandbox !== 'auto' && sandbox !== 'bwrap' && sandbox !== 'process') throw new ConfigError('sandbox must be auto, bwrap or process');
  const prestartText = pick('prestart', 'LAMBKIN_PRESTART');
  const prestart = prestartText === undefined || prestartText.trim() === '' ? DEFAULTS.prestart : Number(prestartText);
  if (!Number.isInteger(prestart) || prestart < 0 || prestart > 64) throw new ConfigError(`prestart must be a whole number from 0 to 64: ${prestartText}`);
  const retentionText = pick('log-retention', 'LAMBKIN_LOG_RETENTION');
  const logRetentionDays = retentionText === undefined || retentionText.trim() === '' ? undefined : Number(retentionText);
  if (logRetentionDays !== undefined && !isRetentionDays(logRetentionDays)) {
    throw new ConfigError(`log-retention must be one of CloudWatch's retention periods in days (${RETENTION_DAYS.join(', ')}): ${retentionText}`);
  }
  const credentials = pick('credentials', 'LAMBKIN_CREDENTIALS');
  const urlBase = pick('function-url-base', 'LAMBKIN_FUNCTION_URL_BASE');
  const runtimes = flags.runtime ?? (env.LAMBKIN_RUNTIMES ? env.LAMBKIN_RUNTIMES.split(',').filter(Boolean) : []);
  let registry: string;
  try {
    registry = npmRegistry(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const brokers = flags['mq-broker'] ?? (env.LAMBKIN_MQ_BROKERS ? env.LAMBKIN_MQ_BROKERS.split(',').filter(Boolean) : []);
  return {
    host: pick('host', 'LAMBKIN_HOST') ?? DEFAULTS.host,
    port,
    dataDir: resolve(pick('data-dir', 'LAMBKIN_DATA_DIR') ?? DEFAULTS.dataDir),
    region,
    accountId,
    ...(credentials ? { credentialsFile: resolve(credentials) } : {}),
    ...(urlBase !== undefined ? { functionUrlBase: functionUrlBase(urlBase) } : {}),
    keepAliveMs: keepAlive * 1000,
    sandbox,
    prestart,
    runtimeExecutables: runtimeMap(runtimes),
    strictRuntimes: flags['strict-runtimes'] ?? envFlag(env.LAMBKIN_STRICT_RUNTIMES, 'LAMBKIN_STRICT_RUNTIMES'),
    runtimeCacheDir: runtimeCacheDir(env),
    npmRegistry: registry,
    mqBrokers: brokerMap(brokers),
    ...(logRetentionDays !== undefined ? { logRetentionDays } : {}),
    ...(env.LAMBKIN_HOT_RELOAD_BUCKET ? { hotReloadBucket: env.LAMBKIN_HOT_RELOAD_BUCKET } : {}),
  };
}
