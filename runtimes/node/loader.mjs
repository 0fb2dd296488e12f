// Finds and loads the user's handler from LAMBDA_TASK_ROOT and the handler string, the way the managed
// Node.js runtimes do: CommonJS through require, ES modules through import(), nested paths and exports.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  HandlerNotFound,
  ImportModuleError,
  MalformedHandlerName,
  MalformedStreamingHandler,
  UserCodeSyntaxError,
} from './errors.mjs';

// AWS's runtime requires user code from /var/runtime/index.mjs, which is what "Require stack" names.
const runtimeRequire = createRequire(join(dirname(fileURLToPath(import.meta.url)), 'index.mjs'));

const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
export const STREAM_RESPONSE = 'response';

function splitHandler(fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerPart = basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerPart));
  const match = handlerPart.match(FUNCTION_EXPR);
  if (!match || match.length !== 3) throw new MalformedHandlerName('Bad handler');
  return { moduleRoot, moduleName: match[1], exportPath: match[2] };
}

/** Whether the nearest package.json above `folder` says "type": "module" (node_modules stops the search). */
function isTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const packageJson = join(folder, 'package.json');
  if (existsSync(packageJson)) {
    try {
      return JSON.parse(readFileSync(packageJson, 'utf8'))?.type === 'module';
    } catch (error) {
      console.warn(`${packageJson} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  if (folder === '/') return false;
  return isTypeModule(resolve(folder, '..'));
}

const requireIfExists = (file) => (existsSync(file) ? runtimeRequire(file) : undefined);
const importIfExists = async (file) => (existsSync(file) ? await import(pathToFileURL(file).href) : undefined);

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = resolve(appRoot, moduleRoot, moduleName);
  const extensionless = requireIfExists(base);
  if (extensionless) return extensionless;
  const typeModule = isTypeModule(dirname(base));
  if (!typeModule) {
    const commonJs = requireIfExists(`${base}.js`);
    if (commonJs) return commonJs;
  }
  const loaded =
    (typeModule && (await importIfExists(`${base}.js`))) ||
    (await importIfExists(`${base}.mjs`)) ||
    requireIfExists(`${base}.cjs`);
  if (loaded) return loaded;
  // Last resort: node resolution of a bare name (NODE_PATH, node_modules, directory index).
  return runtimeRequire(runtimeRequire.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

export async function loadHandler(appRoot, fullHandler) {
  const { moduleRoot, moduleName, exportPath } = splitHandler(fullHandler);
  let userModule;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(String(error));
    if (error?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(String(error));
    throw error;
  }
  const handler = exportPath.split('.').reduce((nested, key) => nested && nested[key], userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

function streamingMode(handler) {
  const mode = handler[HANDLER_STREAMING];
  if (mode === undefined || mode === null || mode === false) return false;
  if (mode === STREAM_RESPONSE) return STREAM_RESPONSE;
  throw new MalformedStreamingHandler('Only response streaming is supported.');
}

export function handlerMetadata(handler) {
  const highWaterMark = parseInt(handler[HANDLER_HIGHWATERMARK]);
  return {
    streaming: streamingMode(handler),
    highWaterMark: Number.isNaN(highWaterMark) ? undefined : highWaterMark,
    isAsync: handler.constructor?.name === 'AsyncFunction',
    argsNum: handler.length,
  };
}

/** The `awslambda` global user code sees while it loads. */
export function installGlobals(HttpResponseStream) {
  const disabled = ['1', 'true'].includes(process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');
  if (disabled) return;
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === 'number') {
        handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark);
      }
      return handler;
    },
    HttpResponseStream,
  };
}
