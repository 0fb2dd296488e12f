/** Every CLI command, in the order `lambkin --help` lists them. */
import type { CommandSpec } from '../spec.js';
import { serveCommand } from './serve.js';
import { logsCommand } from './logs.js';
import { statusCommand } from './status.js';
import { hotReloadCommand } from './hot-reload.js';
import { runtimesCommand } from './runtimes.js';

export const COMMANDS: readonly CommandSpec[] = [serveCommand, logsCommand, statusCommand, hotReloadCommand, runtimesCommand];
