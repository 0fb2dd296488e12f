// Generated from runtimes/node/*.mjs by runtimes/build-node-client.mjs: edit those, then rebuild.
"use strict";
const __runtimeModuleUrl = require("node:url").pathToFileURL(__filename).href;

// runtimes/node/rapid-client.mjs
var import_node_module = require("node:module");

// runtimes/node/connection.mjs
var import_node_net = require("node:net");
var HEAD_END = Buffer.from("\r\n\r\n");
var ConnectionLost = class extends Error {
};
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return void 0;
  const head = buffer.toString("latin1", 0, headEnd);
  const firstSpace = head.indexOf(" ");
  const status = Number(head.slice(firstSpace + 1, firstSpace + 4));
  const headers = {};
  for (let start2 = head.indexOf("\r\n") + 2; start2 > 1; ) {
    const end = head.indexOf("\r\n", start2);
    const line = end === -1 ? head.slice(start2) : head.slice(start2, end);
    const colon = line.indexOf(":");
    if (colon > 0) {
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers[name];
      headers[name] = earlier === void 0 ? value : `${earlier}, ${value}`;
    }
    start2 = end + 2;
  }
  const bodyStart = headEnd + HEAD_END.length;
  if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) return parseChunked(buffer, bodyStart, status, headers);
  const length = Number(headers["content-length"] ?? 0);
  if (buffer.length - bodyStart < length) return void 0;
  return { status, headers, body: buffer.subarray(bodyStart, bodyStart + length), rest: buffer.subarray(bodyStart + length) };
}
function parseChunked(buffer, start2, status, headers) {
  const parts = [];
  let at = start2;
  for (; ; ) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd === -1) return void 0;
    const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf(HEAD_END, lineEnd);
      if (end === -1) return void 0;
      return { status, headers, body: Buffer.concat(parts), rest: buffer.subarray(end + HEAD_END.length) };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return void 0;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
var RuntimeConnection = class {
  constructor(hostname, port) {
    this.hostname = hostname;
    this.port = port;
    this.hostHeader = `${hostname}:${port}`;
    this.socket = void 0;
    this.buffer = Buffer.alloc(0);
    this.inFlight = [];
    this.unsent = "";
    this.open();
    this.socket.unref();
  }
  /** Resolves with { status, headers, body } (body a Buffer). `body` is a string, sent as UTF-8. */
  request(method, path, headers, body) {
    return new Promise((resolve2, reject) => {
      let head = `${method} ${path} HTTP/1.1\r
Host: ${this.hostHeader}\r
`;
      for (const name in headers) head += `${name}: ${headers[name]}\r
`;
      const text = body === void 0 ? `${head}\r
` : `${head}Content-Length: ${Buffer.byteLength(body)}\r
\r
${body}`;
      if (!this.socket) this.open();
      if (this.inFlight.length === 0) this.socket.ref();
      this.inFlight.push({ resolve: resolve2, reject });
      if (this.unsent === "") process.nextTick(() => this.flush());
      this.unsent += text;
    });
  }
  close() {
    this.socket?.destroy();
    this.socket = void 0;
  }
  flush() {
    const text = this.unsent;
    this.unsent = "";
    if (text && this.socket) this.socket.write(text, "utf8");
  }
  open() {
    const socket = (0, import_node_net.connect)({ host: this.hostname, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      for (; ; ) {
        const response = this.inFlight.length > 0 ? parseResponse(this.buffer) : void 0;
        if (!response) return;
        this.buffer = response.rest;
        const { resolve: resolve2 } = this.inFlight.shift();
        if (this.inFlight.length === 0) socket.unref();
        resolve2(response);
      }
    });
    const lost = (err) => {
      if (this.socket !== socket) return;
      this.socket = void 0;
      const pending = this.inFlight;
      this.inFlight = [];
      this.unsent = "";
      for (const { reject } of pending) reject(err ?? new ConnectionLost("the Runtime API closed the connection"));
    };
    socket.on("error", lost);
    socket.on("close", () => lost());
  }
};

// runtimes/node/errors.mjs
var import_node_util = require("node:util");
var RuntimeError = class extends Error {
};
var ImportModuleError = class extends RuntimeError {
};
var HandlerNotFound = class extends RuntimeError {
};
var MalformedHandlerName = class extends RuntimeError {
};
var UserCodeSyntaxError = class extends RuntimeError {
};
var MalformedStreamingHandler = class extends RuntimeError {
};
var InvalidStreamingOperation = class extends RuntimeError {
};
var NodeJsExit = class extends RuntimeError {
  constructor() {
    super(
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes"
    );
  }
};
var UnhandledPromiseRejection = class extends RuntimeError {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
};
for (const [type, name] of [
  [ImportModuleError, "ImportModuleError"],
  [HandlerNotFound, "HandlerNotFound"],
  [MalformedHandlerName, "MalformedHandlerName"],
  [UserCodeSyntaxError, "UserCodeSyntaxError"],
  [MalformedStreamingHandler, "MalformedStreamingHandler"],
  [InvalidStreamingOperation, "InvalidStreamingOperation"],
  [NodeJsExit, "NodeJsExit"],
  [UnhandledPromiseRejection, "UnhandledPromiseRejection"]
]) {
  type.prototype.name = `Runtime.${name}`;
}
function looksLikeError(value) {
  return Boolean(value) && typeof value.name === "string" && typeof value.message === "string" && typeof value.stack === "string" && value.name !== "" && value.message !== "" && value.stack !== "";
}
var DEL = /\x7F/g;
function toRapidResponse(error) {
  try {
    if (import_node_util.types.isNativeError(error) || looksLikeError(error)) {
      return {
        errorType: error.name?.replace(DEL, "%7F"),
        errorMessage: error.message?.replace(DEL, "%7F"),
        trace: error.stack.replace(DEL, "%7F").split("\n")
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage: "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack"
    };
  }
}
function intoError(value) {
  return value instanceof Error ? value : new Error(value);
}
function withEnumerableProperties(value) {
  if (!(value instanceof Error)) return value;
  const out = Object.assign(
    { errorType: value.name, errorMessage: value.message, code: value.code },
    value
  );
  if (typeof value.stack === "string") out.stack = value.stack.split("\n");
  return out;
}
function toFormatted(error) {
  try {
    return "	" + JSON.stringify(error, (_key, value) => withEnumerableProperties(value));
  } catch {
    return "	" + JSON.stringify(toRapidResponse(error));
  }
}

// runtimes/node/rapid-client.mjs
var require2 = (0, import_node_module.createRequire)(__runtimeModuleUrl);
var BASE = "/2018-06-01/runtime";
var JSON_BODY = { "Content-Type": "application/json" };
var ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
function serialize(body) {
  try {
    return JSON.stringify(body === void 0 ? null : body);
  } catch {
    throw new Error("Unable to stringify response body");
  }
}
function errorTypeHeader(errorType) {
  return typeof errorType === "string" && /^[\t\x20-\x7e]+$/.test(errorType) ? { [ERROR_TYPE_HEADER]: errorType } : {};
}
var RuntimeApiClient = class {
  constructor(hostPort) {
    const [hostname, port] = String(hostPort).split(":");
    this.hostname = hostname;
    this.port = parseInt(port, 10);
    this.connection = new RuntimeConnection(this.hostname, this.port);
  }
  /** Resolves with { bodyJson, headers } of the next event (asked for already when a post said `thenNext`). */
  nextInvocation() {
    const next = this.upcoming ?? this.requestNext();
    this.upcoming = void 0;
    return next;
  }
  requestNext() {
    return this.connection.request("GET", `${BASE}/invocation/next`, {}).then(({ headers, body }) => ({ bodyJson: body.toString("utf8"), headers }));
  }
  /**
   * With `thenNext` (the runtime goes on to the next event once this is posted) the next event is asked
   * for in the same write: no round trip for the 202 first. Never for a post the process exits after,
   * or the server would hand the next event to a runtime on its way out.
   */
  post(path, bodyString, headers, thenNext) {
    const posted = this.connection.request("POST", path, headers ? { ...JSON_BODY, ...headers } : JSON_BODY, bodyString);
    if (thenNext) {
      this.upcoming = this.requestNext();
      this.upcoming.catch(() => {
      });
    }
    return posted.then(() => {
    });
  }
  /** Serialises synchronously so an unserialisable result fails the invoke rather than the post. */
  postInvocationResponse(result, id, { thenNext = false } = {}) {
    const body = serialize(result);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/response`, body, void 0, thenNext);
  }
  postInvocationError(error, id, { thenNext = false } = {}) {
    const response = toRapidResponse(error);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/error`, serialize(response), errorTypeHeader(response.errorType), thenNext);
  }
  postInitError(error) {
    const response = toRapidResponse(error);
    return this.post(`${BASE}/init/error`, serialize(response), errorTypeHeader(response.errorType));
  }
  /** Opens the chunked POST a streaming handler writes into (node:http: it streams a body of unknown length). */
  streamingRequest(id, headers, onResponse) {
    const { Agent, request } = require2("node:http");
    this.streamingAgent ??= new Agent({ keepAlive: true, maxSockets: 1 });
    return request(
      { hostname: this.hostname, port: this.port, method: "POST", path: `${BASE}/invocation/${encodeURIComponent(id)}/response`, headers, agent: this.streamingAgent },
      onResponse
    );
  }
  /** Drops its connections. */
  close() {
    this.connection.close();
    this.streamingAgent?.destroy();
  }
};

// runtimes/node/context.mjs
var HEADER = {
  clientContext: "lambda-runtime-client-context",
  cognitoIdentity: "lambda-runtime-cognito-identity",
  functionArn: "lambda-runtime-invoked-function-arn",
  requestId: "lambda-runtime-aws-request-id",
  deadlineMs: "lambda-runtime-deadline-ms",
  traceId: "lambda-runtime-trace-id",
  tenantId: "lambda-runtime-aws-tenant-id"
};
function parseJsonHeader(value, name) {
  if (value === void 0) return void 0;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error.toString()}`);
  }
}
function attachInvokeData(target, headers) {
  const traceId = headers[HEADER.traceId];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = headers[HEADER.deadlineMs];
  return Object.assign(
    target,
    {
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME
    },
    {
      clientContext: parseJsonHeader(headers[HEADER.clientContext], "ClientContext"),
      identity: parseJsonHeader(headers[HEADER.cognitoIdentity], "CognitoIdentity"),
      invokedFunctionArn: headers[HEADER.functionArn],
      awsRequestId: headers[HEADER.requestId],
      tenantId: headers[HEADER.tenantId],
      getRemainingTimeInMillis() {
        return deadline - Date.now();
      }
    }
  );
}
var requestIdOf = (headers) => headers[HEADER.requestId];

// runtimes/node/logging.mjs
var import_node_util2 = require("node:util");
var import_node_fs = require("node:fs");
var LEVELS = {
  TRACE: { name: "TRACE", priority: 1, tlvMask: 4 },
  DEBUG: { name: "DEBUG", priority: 2, tlvMask: 8 },
  INFO: { name: "INFO", priority: 3, tlvMask: 12 },
  WARN: { name: "WARN", priority: 4, tlvMask: 16 },
  ERROR: { name: "ERROR", priority: 5, tlvMask: 20 },
  FATAL: { name: "FATAL", priority: 6, tlvMask: 24 }
};
var TEXT_FRAME = 2774138883;
var JSON_FRAME = 2774138882;
var REQUEST_ID = /* @__PURE__ */ Symbol.for("aws.lambda.runtime.requestId");
function setCurrentRequestId(id) {
  globalThis[REQUEST_ID] = id;
}
function jsonErrorReplacer(_key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign(
    {
      errorType: value?.constructor?.name ?? "UnknownError",
      errorMessage: value.message,
      stackTrace: typeof value.stack === "string" ? value.stack.split("\n") : value.stack
    },
    value
  );
}
function jsonRecord(requestId, timestamp, level, params) {
  const record = { timestamp, level: level.name, requestId };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = (0, import_node_util2.format)(record.message);
      return JSON.stringify(record);
    }
  }
  record.message = (0, import_node_util2.format)(...params);
  const error = params.find((param) => param instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? "UnknownError";
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
  }
  return JSON.stringify(record);
}
function textRecord(requestId, timestamp, level, params) {
  return `${timestamp}	${requestId}	${level.name}	${(0, import_node_util2.format)(...params)}`;
}
function stdoutWriter(render) {
  return (level, params) => {
    const line = render(globalThis[REQUEST_ID], (/* @__PURE__ */ new Date()).toISOString(), level, params);
    process.stdout.write(line.replace(/\n/g, "\r") + "\n");
  };
}
function framedWriter(fd, render, frameType) {
  const header = Buffer.alloc(16);
  return (level, params) => {
    const now = /* @__PURE__ */ new Date();
    const line = render(globalThis[REQUEST_ID], now.toISOString(), level, params);
    const body = Buffer.from(frameType === TEXT_FRAME ? line + "\n" : line, "utf8");
    header.writeUInt32BE((frameType | level.tlvMask) >>> 0, 0);
    header.writeInt32BE(body.length, 4);
    header.writeBigInt64BE(BigInt(now.valueOf()) * 1000n, 8);
    (0, import_node_fs.writeSync)(fd, header);
    (0, import_node_fs.writeSync)(fd, body);
  };
}
var isJson = () => process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === "JSON";
var structuredConsole = {
  logError(message, error) {
    if (isJson()) console.error(intoError(error));
    else console.error(message, toFormatted(intoError(error)));
  }
};
function patchConsole() {
  const json = isJson();
  const render = json ? jsonRecord : textRecord;
  let write;
  const telemetryFd = process.env._LAMBDA_TELEMETRY_LOG_FD;
  if (telemetryFd != null) {
    delete process.env._LAMBDA_TELEMETRY_LOG_FD;
    write = framedWriter(parseInt(telemetryFd, 10), render, json ? JSON_FRAME : TEXT_FRAME);
  } else {
    write = stdoutWriter(render);
  }
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const logAt = (level) => level.priority >= minimum.priority ? (message, ...params) => write(level, [message, ...params]) : () => {
  };
  console.trace = logAt(LEVELS.TRACE);
  console.debug = logAt(LEVELS.DEBUG);
  console.info = logAt(LEVELS.INFO);
  console.log = console.info;
  console.warn = logAt(LEVELS.WARN);
  console.error = logAt(LEVELS.ERROR);
  console.fatal = (message, ...params) => write(LEVELS.FATAL, [message, ...params]);
}

// runtimes/node/completion.mjs
var beforeExitAction = () => {
};
var beforeExit = {
  set(action) {
    beforeExitAction = action;
  },
  reset() {
    beforeExitAction = () => {
    };
  },
  invoke() {
    beforeExitAction();
  }
};
function buildCallbackContext(client2, requestId, onPosted, onPostFailed) {
  const postError = (error) => {
    structuredConsole.logError("Invoke Error", error);
    client2.postInvocationError(error, requestId, { thenNext: true }).then(onPosted, onPostFailed);
  };
  let completed = false;
  const complete = (result) => {
    if (completed) {
      console.error("Invocation has already been reported as done. Cannot call complete more than once per invocation.");
      return;
    }
    completed = true;
    client2.postInvocationResponse(result, requestId, { thenNext: true }).then(onPosted, onPostFailed);
  };
  let waitForEmptyEventLoop = true;
  const callback = (error, result) => {
    beforeExit.reset();
    if (error !== void 0 && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit.set(() => setImmediate(() => complete(result)));
  };
  const done = (error, result) => {
    beforeExit.reset();
    if (error !== void 0 && error !== null) postError(error);
    else complete(result);
  };
  let finished = false;
  const firstCallOnly = (fn) => (...args) => {
    if (finished) return;
    fn(...args);
    finished = true;
  };
  const callbackContext = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: firstCallOnly((result) => done(null, result)),
    fail: firstCallOnly((error) => error === void 0 || error === null ? done("handled") : done(error, null)),
    done: firstCallOnly(done)
  };
  const markCompleted = () => {
    completed = true;
  };
  return [firstCallOnly(callback), callbackContext, markCompleted];
}

// runtimes/node/loader.mjs
var import_node_module2 = require("node:module");
var import_node_fs2 = require("node:fs");
var import_node_path = require("node:path");
var import_node_url = require("node:url");
var runtimeRequire = (0, import_node_module2.createRequire)((0, import_node_path.join)((0, import_node_path.dirname)((0, import_node_url.fileURLToPath)(__runtimeModuleUrl)), "index.mjs"));
var FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
var HANDLER_STREAMING = /* @__PURE__ */ Symbol.for("aws.lambda.runtime.handler.streaming");
var HANDLER_HIGHWATERMARK = /* @__PURE__ */ Symbol.for("aws.lambda.runtime.handler.streaming.highWaterMark");
var STREAM_RESPONSE = "response";
function splitHandler(fullHandler) {
  if (fullHandler.includes("..")) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`
    );
  }
  const handlerPart = (0, import_node_path.basename)(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerPart));
  const match = handlerPart.match(FUNCTION_EXPR);
  if (!match || match.length !== 3) throw new MalformedHandlerName("Bad handler");
  return { moduleRoot, moduleName: match[1], exportPath: match[2] };
}
function isTypeModule(folder) {
  if (folder.endsWith("/node_modules")) return false;
  const packageJson = (0, import_node_path.join)(folder, "package.json");
  if ((0, import_node_fs2.existsSync)(packageJson)) {
    try {
      return JSON.parse((0, import_node_fs2.readFileSync)(packageJson, "utf8"))?.type === "module";
    } catch (error) {
      console.warn(`${packageJson} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  if (folder === "/") return false;
  return isTypeModule((0, import_node_path.resolve)(folder, ".."));
}
var requireIfExists = (file) => (0, import_node_fs2.existsSync)(file) ? runtimeRequire(file) : void 0;
var importIfExists = async (file) => (0, import_node_fs2.existsSync)(file) ? await import((0, import_node_url.pathToFileURL)(file).href) : void 0;
async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = (0, import_node_path.resolve)(appRoot, moduleRoot, moduleName);
  const extensionless = requireIfExists(base);
  if (extensionless) return extensionless;
  const typeModule = isTypeModule((0, import_node_path.dirname)(base));
  if (!typeModule) {
    const commonJs = requireIfExists(`${base}.js`);
    if (commonJs) return commonJs;
  }
  const loaded = typeModule && await importIfExists(`${base}.js`) || await importIfExists(`${base}.mjs`) || requireIfExists(`${base}.cjs`);
  if (loaded) return loaded;
  return runtimeRequire(runtimeRequire.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}
async function loadHandler(appRoot, fullHandler) {
  const { moduleRoot, moduleName, exportPath } = splitHandler(fullHandler);
  let userModule;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(String(error));
    if (error?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(String(error));
    throw error;
  }
  const handler = exportPath.split(".").reduce((nested, key) => nested && nested[key], userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}
function streamingMode(handler) {
  const mode = handler[HANDLER_STREAMING];
  if (mode === void 0 || mode === null || mode === false) return false;
  if (mode === STREAM_RESPONSE) return STREAM_RESPONSE;
  throw new MalformedStreamingHandler("Only response streaming is supported.");
}
function handlerMetadata(handler) {
  const highWaterMark = parseInt(handler[HANDLER_HIGHWATERMARK]);
  return {
    streaming: streamingMode(handler),
    highWaterMark: Number.isNaN(highWaterMark) ? void 0 : highWaterMark,
    isAsync: handler.constructor?.name === "AsyncFunction",
    argsNum: handler.length
  };
}
function installGlobals(HttpResponseStream2) {
  const disabled = ["1", "true"].includes(process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? "");
  if (disabled) return;
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === "number") {
        handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark);
      }
      return handler;
    },
    HttpResponseStream: HttpResponseStream2
  };
}

// runtimes/node/streaming.mjs
var ERROR_BODY_TRAILER = "Lambda-Runtime-Function-Error-Body";
var DEFAULT_CONTENT_TYPE = "application/octet-stream";
var HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
var PRELUDE_DELIMITER_LENGTH = 8;
var STREAM_METHODS = [
  "cork",
  "destroy",
  "end",
  "uncork",
  "write",
  "addListener",
  "emit",
  "eventNames",
  "getMaxListeners",
  "listenerCount",
  "listeners",
  "off",
  "on",
  "once",
  "prependListener",
  "prependOnceListener",
  "rawListeners",
  "removeAllListeners",
  "removeListener",
  "setMaxListeners",
  "setContentType"
];
var READ_WRITE_PROPS = ["destroyed", "writable", "_onBeforeFirstWrite"];
var READ_ONLY_PROPS = [
  "writableFinished",
  "writableObjectMode",
  "writableBuffer",
  "writableEnded",
  "writableNeedDrain",
  "writableHighWaterMark",
  "writableCorked",
  "writableLength"
];
function writableOnly(inner) {
  const stream = {};
  for (const method of STREAM_METHODS) stream[method] = inner[method].bind(inner);
  for (const prop of READ_WRITE_PROPS) {
    Object.defineProperty(stream, prop, { get: () => inner[prop], set: (value) => inner[prop] = value });
  }
  for (const prop of READ_ONLY_PROPS) Object.defineProperty(stream, prop, { get: () => inner[prop] });
  return stream;
}
function createResponseStream(client2, requestId) {
  let written = false;
  let resolveDone;
  let rejectDone;
  const responseDone = new Promise((resolve2, reject) => {
    resolveDone = resolve2;
    rejectDone = reject;
  });
  const req = client2.streamingRequest(
    requestId,
    {
      "Lambda-Runtime-Function-Response-Mode": "streaming",
      Trailer: [ERROR_TYPE_HEADER, ERROR_BODY_TRAILER],
      "Content-Type": DEFAULT_CONTENT_TYPE,
      "Transfer-Encoding": "chunked"
    },
    (res) => {
      res.on("data", () => {
      });
      res.on("aborted", (error) => {
        rejectDone(error);
        req.destroy(error);
      });
      res.on("end", () => resolveDone());
    }
  );
  req.on("error", (error) => {
    rejectDone(error);
    req.destroy(error);
  });
  req.setContentType = (contentType) => {
    if (written) throw new InvalidStreamingOperation("Cannot set content-type, too late.");
    req.setHeader("Content-Type", contentType);
  };
  const rawWrite = req.write.bind(req);
  const rawEnd = req.end.bind(req);
  req.write = (chunk, encoding, callback) => {
    let data = chunk;
    if (typeof chunk !== "string" && !Buffer.isBuffer(chunk) && chunk?.constructor !== Uint8Array) {
      data = JSON.stringify(chunk);
    }
    if (!written && typeof req._onBeforeFirstWrite === "function") req._onBeforeFirstWrite((bytes) => rawWrite(bytes));
    written = true;
    return rawWrite(data, encoding, callback);
  };
  req.end = (chunk, encoding, callback) => {
    if (typeof chunk === "function") return rawEnd(chunk);
    if (chunk !== void 0 && chunk !== null) {
      req.write(chunk, typeof encoding === "string" ? encoding : void 0);
      return rawEnd(typeof encoding === "function" ? encoding : callback);
    }
    return rawEnd(typeof encoding === "function" ? encoding : callback);
  };
  const fail = (error) => new Promise((resolve2) => {
    if (req.writableEnded || req.destroyed) return resolve2();
    const rapid = toRapidResponse(error);
    req.addTrailers({
      [ERROR_TYPE_HEADER]: rapid.errorType,
      [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(rapid)).toString("base64")
    });
    rawEnd(resolve2);
  });
  return { responseStream: writableOnly(req), responseDone, fail };
}
var HttpResponseStream = class {
  /** Marks the stream as an HTTP integration response: JSON prelude, then 8 NUL bytes, then the body. */
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
};

// runtimes/node/runtime.mjs
var isPromise = (value) => Boolean(value) && typeof value.then === "function";
var runtimeApiLost = (error) => {
  process.stderr.write(`Lambda Runtime API unreachable: ${error?.message ?? error}
`);
  process.exit(1);
};
var Runtime = class {
  constructor(client2, handler, metadata, errorCallbacks2) {
    this.client = client2;
    this.handler = handler;
    this.metadata = metadata;
    this.errorCallbacks = errorCallbacks2;
    this.handleOnce = metadata.streaming === STREAM_RESPONSE ? this.handleStreaming : this.handleBuffered;
  }
  scheduleIteration() {
    setImmediate(() => {
      this.handleOnce().then(
        () => {
        },
        (error) => {
          console.log(`Unexpected Top Level Error: ${error.toString()}`);
          this.errorCallbacks.uncaughtException(error);
        }
      );
    });
  }
  async nextEvent() {
    const { bodyJson, headers } = await this.client.nextInvocation().catch(runtimeApiLost);
    const requestId = requestIdOf(headers);
    if (!requestId) throw new Error("invocation id is missing or invalid");
    setCurrentRequestId(requestId);
    return { bodyJson, headers, requestId };
  }
  async handleBuffered() {
    const { bodyJson, headers, requestId } = await this.nextEvent();
    const next = () => this.scheduleIteration();
    const [callback, callbackContext, markCompleted] = buildCallbackContext(this.client, requestId, next, runtimeApiLost);
    try {
      this.setErrorCallbacks(requestId);
      this.setDefaultExitAction(requestId, markCompleted);
      const result = this.handler(JSON.parse(bodyJson), attachInvokeData(callbackContext, headers), callback);
      if (isPromise(result)) {
        result.then(callbackContext.succeed, callbackContext.fail).catch(callbackContext.fail);
      }
    } catch (error) {
      callback(error);
    }
  }
  async handleStreaming() {
    const { bodyJson, headers, requestId } = await this.nextEvent();
    let waitForEmptyEventLoop = true;
    const streamingContext = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      }
    };
    const { responseStream, responseDone, fail } = createResponseStream(this.client, requestId);
    const scheduleNext = () => {
      beforeExit.reset();
      if (!waitForEmptyEventLoop) this.scheduleIteration();
      else beforeExit.set(() => setImmediate(() => this.scheduleIteration()));
    };
    const failStream = async (error) => {
      structuredConsole.logError("Invoke Error", error);
      await fail(error);
      scheduleNext();
    };
    try {
      this.errorCallbacks.uncaughtException = (error) => fail(error).finally(() => process.exit(129));
      this.errorCallbacks.unhandledRejection = (error) => fail(error).finally(() => process.exit(128));
      beforeExit.set(() => this.scheduleIteration());
      const context = attachInvokeData(streamingContext, headers);
      const pending = this.handler(JSON.parse(bodyJson), responseStream, context);
      if (!isPromise(pending)) return void await failStream("Streaming does not support non-async handlers.");
      const result = await pending;
      if (result !== void 0) console.warn("Streaming handlers ignore return values.");
      await responseDone;
      if (!responseStream.writableFinished) return void await failStream("Response stream is not finished.");
      scheduleNext();
    } catch (error) {
      await failStream(error);
    }
  }
  setErrorCallbacks(requestId) {
    const postThenExit = (code) => (error) => this.client.postInvocationError(error, requestId).finally(() => process.exit(code));
    this.errorCallbacks.uncaughtException = postThenExit(129);
    this.errorCallbacks.unhandledRejection = postThenExit(128);
  }
  /** If the loop drains before the handler reports: async handlers fail, others succeed with null. */
  setDefaultExitAction(requestId, markCompleted) {
    beforeExit.set(() => {
      markCompleted();
      const next = () => this.scheduleIteration();
      if (this.metadata.isAsync) {
        const error = new NodeJsExit();
        structuredConsole.logError("Invoke Error", error);
        this.client.postInvocationError(error, requestId, { thenNext: true }).then(next, runtimeApiLost);
      } else {
        this.client.postInvocationResponse(null, requestId, { thenNext: true }).then(next, runtimeApiLost);
      }
    });
  }
};

// runtimes/node/prestart.mjs
var import_node_fs3 = require("node:fs");
var import_node_net2 = require("node:net");
var import_node_module3 = require("node:module");
var require3 = (0, import_node_module3.createRequire)(__runtimeModuleUrl);
async function attachFunction(warmUp2) {
  const stdin = (0, import_node_fs3.fstatSync)(0);
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  await warmUp2().catch(() => {
  });
  emptyYoungGeneration();
  const line = readLine(0);
  (0, import_node_fs3.closeSync)(0);
  (0, import_node_fs3.openSync)("/dev/null", "r");
  if (!line) process.exit(0);
  const env = JSON.parse(line);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
}
function emptyYoungGeneration() {
  const { getHeapSpaceStatistics } = require3("node:v8");
  const newSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_used_size ?? 0;
  let before = newSpaceUsed();
  for (let round = 0; round < 1e3; round++) {
    Array.from({ length: 1e3 }, () => ({}));
    const after = newSpaceUsed();
    if (after < before) return;
    before = after;
  }
}
function readLine(fd) {
  const chunks = [];
  const buffer = Buffer.allocUnsafe(65536);
  for (; ; ) {
    let n;
    try {
      n = (0, import_node_fs3.readSync)(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      throw error;
    }
    if (n === 0) break;
    const newline = buffer.indexOf(10, 0);
    chunks.push(Buffer.from(buffer.subarray(0, newline !== -1 && newline < n ? newline : n)));
    if (newline !== -1 && newline < n) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}
function installGc() {
  if ("gc" in globalThis) return;
  const settle = (value) => Object.defineProperty(globalThis, "gc", { value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, "gc", {
    configurable: true,
    enumerable: false,
    get() {
      require3("node:v8").setFlagsFromString("--expose-gc");
      const gc = require3("node:vm").runInNewContext("gc");
      settle(gc);
      return gc;
    },
    set: settle
  });
}
async function withThrowawayRuntimeApi(exchange) {
  const event = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nLambda-Runtime-Aws-Request-Id: 00000000-0000-0000-0000-000000000000\r\n\r\n{}";
  const accepted = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  const sockets = /* @__PURE__ */ new Set();
  const server = (0, import_node_net2.createServer)((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk) => socket.write(chunk.toString("latin1").startsWith("GET") ? event : accepted));
    socket.on("error", () => {
    });
  });
  await new Promise((resolve2, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve2));
  try {
    await exchange(`127.0.0.1:${server.address().port}`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve2) => server.close(resolve2));
  }
}

// runtimes/node/bootstrap.mjs
var client;
var errorCallbacks = {
  uncaughtException: (error) => (client ? client.postInitError(error) : Promise.resolve()).finally(() => process.exit(129)),
  unhandledRejection: (error) => (client ? client.postInitError(error) : Promise.resolve()).finally(() => process.exit(128))
};
process.on("uncaughtException", (error) => {
  structuredConsole.logError("Uncaught Exception", error);
  errorCallbacks.uncaughtException(error);
});
process.on("unhandledRejection", (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  structuredConsole.logError("Unhandled Promise Rejection", error);
  errorCallbacks.unhandledRejection(error);
});
beforeExit.reset();
process.on("beforeExit", () => beforeExit.invoke());
var warmUp = () => withThrowawayRuntimeApi(async (address) => {
  const warming = new RuntimeApiClient(address);
  await warming.nextInvocation();
  await warming.postInvocationResponse({}, "00000000-0000-0000-0000-000000000000");
  warming.close();
});
async function start() {
  await attachFunction(warmUp);
  installGc();
  patchConsole();
  client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API);
  let runtime;
  try {
    installGlobals(HttpResponseStream);
    const handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? "");
    runtime = new Runtime(client, handler, handlerMetadata(handler), errorCallbacks);
  } catch (error) {
    structuredConsole.logError("Uncaught Exception", error);
    errorCallbacks.uncaughtException(error);
  }
  runtime?.scheduleIteration();
}
start();
