import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { functionLogLines, invoke, snapshot, startHarness, writeCode, type Harness } from './harness.js';

interface PythonError {
  errorMessage: string;
  errorType: string;
  requestId: string;
  stackTrace: string[];
}

const HANDLER = `
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)
print("loaded")


def handler(event, context):
    print("multi\\nline")
    logger.info("info %s", "message")
    logger.warning("careful")
    return {
        "event": event,
        "context": {
            key: getattr(context, key)
            for key in [
                "aws_request_id",
                "function_name",
                "function_version",
                "invoked_function_arn",
                "log_group_name",
                "log_stream_name",
                "memory_limit_in_mb",
            ]
        },
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "client_context": context.client_context,
        "remaining": context.get_remaining_time_in_millis(),
        "stream": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"],
    }


def fails(event, context):
    raise Exception("Failed: some_error_msg")


def client_data(event, context):
    client = context.client_context.client
    return {
        "custom": context.client_context.custom,
        "env": context.client_context.env,
        "app_title": client.app_title,
        "installation_id": client.installation_id,
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
    }


def returns_set(event, context):
    return {1}


def returns_decimals(event, context):
    from decimal import Decimal
    return {"whole": Decimal("3"), "fraction": Decimal("1.5"), "text": "caf\u00e9"}
`;

const RAISE_LINE = HANDLER.split('\n').findIndex((line) => line.includes('raise Exception')) + 1;

for (const runtime of ['python3.12', 'python3.9', 'python3.13']) {
  describe(`Python runtime client (${runtime})`, () => {
    let h: Harness;
    before(() => {
      h = startHarness();
    });
    after(() => h.close());

    const code = () =>
      writeCode(h, {
        'handler.py': HANDLER,
        'pkg/__init__.py': '',
        'pkg/sub.py': 'def handler(event, context):\n    return "from submodule"\n',
        'broken.py': 'def handler(event, context):\n    return (\n',
        'needsdep.py': 'import a_module_that_is_not_there\n',
      });

    async function failure(handler: string, files = code()): Promise<PythonError> {
      const { body, result } = await invoke(h, snapshot(files, runtime, handler));
      assert.equal(result.functionError, 'Unhandled');
      const error = body as PythonError;
      assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType', 'requestId', 'stackTrace'], `unexpected error shape: ${JSON.stringify(error)}`);
      return error;
    }

    it('runs module.function with the context AWS gives, and logs print and logging lines', async () => {
      const fn = snapshot(code(), runtime, 'handler.handler', { timeout: 5, memorySize: 512 });
      const { body, requestId, logs, result } = await invoke(h, fn, { n: 1 });
      assert.equal(result.functionError, undefined);
      const out = body as { context: Record<string, string>; remaining: number; stream: string; [k: string]: unknown };
      assert.deepEqual(out.event, { n: 1 });
      assert.deepEqual(out.context, {
        aws_request_id: requestId,
        function_name: fn.functionName,
        function_version: '$LATEST',
        invoked_function_arn: fn.functionArn,
        log_group_name: `/aws/lambda/${fn.functionName}`,
        log_stream_name: out.stream,
        memory_limit_in_mb: '512',
      });
      assert.deepEqual(out.identity, [null, null]);
      assert.equal(out.client_context, null);
      assert.ok(out.remaining > 0 && out.remaining <= 5000, `remaining ${out.remaining}`);

      const lines = functionLogLines(logs);
      const ts = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
      assert.ok(lines.includes('multi') && lines.includes('line'), logs);
      assert.ok(lines.some((l) => new RegExp(`^\\[INFO\\]\\t${ts}\\t${requestId}\\tinfo message$`).test(l)), logs);
      assert.ok(lines.some((l) => new RegExp(`^\\[WARNING\\]\\t${ts}\\t${requestId}\\tcareful$`).test(l)), logs);
    });

    it('exposes the client context and Cognito identity as objects', async () => {
      const { body } = await invoke(h, snapshot(code(), runtime, 'handler.client_data'), {}, {
        clientContext: JSON.stringify({ client: { app_title: 'app' }, custom: { k: 'v' }, env: { locale: 'en' } }),
        cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
      });
      assert.deepEqual(body, {
        custom: { k: 'v' },
        env: { locale: 'en' },
        app_title: 'app',
        installation_id: null,
        identity: ['id-1', 'pool-1'],
      });
    });

    it('imports handlers from nested packages', async () => {
      const files = code();
      assert.equal((await invoke(h, snapshot(files, runtime, 'pkg/sub.handler'))).body, 'from submodule');
      assert.equal((await invoke(h, snapshot(files, runtime, 'pkg.sub.handler'))).body, 'from submodule');
    });

    it('reports an exception as errorMessage / errorType / requestId / stackTrace', async () => {
      const fn = snapshot(code(), runtime, 'handler.fails');
      const { body, requestId, logs } = await invoke(h, fn);
      const error = body as PythonError;
      assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType', 'requestId', 'stackTrace'], `unexpected error shape: ${JSON.stringify(error)}`);
      assert.equal(error.errorMessage, 'Failed: some_error_msg');
      assert.equal(error.errorType, 'Exception');
      assert.equal(error.requestId, requestId);
      assert.equal(error.stackTrace.length, 1);
      assert.match(
        error.stackTrace[0]!,
        new RegExp(`^ {2}File ".*/handler\\.py", line ${RAISE_LINE}, in fails\\n {4}raise Exception\\("Failed: some_error_msg"\\)\\n$`),
      );
      assert.ok(logs.includes('[ERROR] Exception: Failed: some_error_msg\rTraceback (most recent call last):\r'), logs);
    });

    it('serialises Decimal values as JSON numbers', async () => {
      const { body } = await invoke(h, snapshot(code(), runtime, 'handler.returns_decimals'));
      assert.deepEqual(body, { whole: 3, fraction: 1.5, text: 'café' });
    });

    it('reports an unserialisable result as Runtime.MarshalError', async () => {
      const error = await failure('handler.returns_set');
      assert.equal(error.errorType, 'Runtime.MarshalError');
      assert.equal(error.errorMessage, 'Unable to marshal response: Object of type set is not JSON serializable');
    });

    it('reports init failures with the Runtime.* types and AWS wording', async () => {
      const files = code();
      assert.deepEqual(await failure('missing.handler', files), {
        errorMessage: "Unable to import module 'missing': No module named 'missing'",
        errorType: 'Runtime.ImportModuleError',
        requestId: '',
        stackTrace: [],
      });
      assert.deepEqual(await failure('needsdep.handler', files), {
        errorMessage: "Unable to import module 'needsdep': No module named 'a_module_that_is_not_there'",
        errorType: 'Runtime.ImportModuleError',
        requestId: '',
        stackTrace: [],
      });
      assert.deepEqual(await failure('handler.nope', files), {
        errorMessage: "Handler 'nope' missing on module 'handler'",
        errorType: 'Runtime.HandlerNotFound',
        requestId: '',
        stackTrace: [],
      });
      const syntax = await failure('broken.handler', files);
      assert.equal(syntax.errorType, 'Runtime.UserCodeSyntaxError');
      assert.match(syntax.errorMessage, /^Syntax error in module 'broken': .*\(broken\.py, line \d+\)$/);
      assert.match(syntax.stackTrace[0]!, /^ {2}File ".*\/broken\.py" Line \d+\n/);
      const malformed = await failure('nodot', files);
      assert.equal(malformed.errorType, 'Runtime.MalformedHandlerName');
      assert.equal(malformed.errorMessage, "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)");
    });
  });
}
