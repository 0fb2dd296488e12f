"""Lambkin's Python runtime client: `pythonX.Y $LAMBDA_RUNTIME_DIR/bootstrap.py`.

Talks to the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, loads the handler named by
$_HANDLER from $LAMBDA_TASK_ROOT and runs it, with the context, error shapes and log formats of AWS's
managed Python runtimes. Standard library only; runs on Python 3.9 and later.
"""

import _socket
import os


def _connect(address):
    host, _, port = address.rpartition(":")
    sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    try:
        sock.connect((host, int(port)))
        sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
    except BaseException:
        sock.close()
        raise
    return sock


def _connect_first():
    """Connected before the rest of this module loads: the server's check of who opened the connection
    (a millisecond or so) then runs meanwhile rather than holding up the first /next. A pre-started
    sandbox has no address yet and connects once it has its function."""
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        return None
    try:
        return address, _connect(address)
    except (OSError, ValueError):
        return None


_first_connection = _connect_first()

# After the connection is on its way: _json is a shared library to load (~0.4 ms).
import _frozen_importlib  # importlib's machinery, loaded with the interpreter
import _json
import io
import sys
import time

# `json`, `logging`, `traceback` and `datetime` load only when needed: importing them on every start would cost
# more than everything else this client does before its first event.

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
API_PREFIX = "/2018-06-01/runtime"
NEXT_PATH = API_PREFIX + "/invocation/next"
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
XRAY_ERROR_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"  # NO-BREAK SPACE keeps indentation visible in CloudWatch
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
# Read from the function's environment by configure(), once it is known.
JSON_LOGS = False
LOG_LEVEL = ""
ENSURE_ASCII = True
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, "
    "in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using "
    "managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If "
    "this error correlates with a change in the runtime version, you may be able to mitigate this error by "
    "temporarily rolling back to the previous runtime version. For more information, see "
    "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

_current_request_id = None


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


# ---------------------------------------------------------------- JSON
# The `json` package imports `re` and `enum`, which cost more than the rest of this client's start-up.
# Its C accelerator `_json` does the parsing and encoding anyway: these functions drive it the way
# json.loads and json.JSONEncoder.encode do with their defaults, and leave every error to `json` itself,
# so that messages are its own.

_JSON_WHITESPACE = " \t\n\r"
_JSON_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _DecoderSettings(object):
    """The attributes _json's scanner reads from a json.JSONDecoder(), with the same defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _JSON_CONSTANTS.__getitem__


_scan_once = _json.make_scanner(_DecoderSettings())


def from_json(data):
    """json.loads(data) for bytes (UTF-8, as the Runtime API sends) or str."""
    text = data
    # Bytes json.loads would not read as UTF-8 (a BOM, UTF-16 or UTF-32) go to it: see json.detect_encoding.
    if isinstance(data, bytes) and data[:1] not in (b"\x00", b"\xef", b"\xfe", b"\xff") and data[1:2] != b"\x00":
        text = data.decode("utf-8", "surrogatepass")
    if isinstance(text, str) and not text.startswith("\ufeff"):
        try:
            value, end = _scan_once(text, len(text) - len(text.lstrip(_JSON_WHITESPACE)))
        except Exception:
            pass  # json.loads says what is wrong
        else:
            if not text[end:].strip(_JSON_WHITESPACE):
                return value
    import json

    return json.loads(data)


def _json_default(o):
    # Decimal (boto3's DynamoDB numbers) without importing decimal on every cold start.
    if type(o).__name__ == "Decimal" and hasattr(o, "is_nan"):
        if o.is_nan():
            return float("nan")
        return int(o) if o == o.to_integral_value() else float(o)
    import json

    return json.JSONEncoder.default(None, o)  # raises json's own TypeError


def to_json(obj):
    """json.dumps(obj) with the default above and the ensure_ascii chosen by configure()."""
    encode_string = _json.encode_basestring_ascii if ENSURE_ASCII else _json.encode_basestring
    if isinstance(obj, str):
        return encode_string(obj)
    # json.JSONEncoder's defaults: circular references checked, no indent, separators ": " and ", ",
    # keys unsorted and none skipped, NaN and Infinity allowed.
    encoder = _json.make_encoder({}, _json_default, encode_string, None, ": ", ", ", False, False, True)
    return "".join(encoder(obj, 0))


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))


def unmarshal_request(body, content_type):
    if content_type not in (None, "application/json"):
        return body
    try:
        return from_json(body)
    except Exception as e:
        raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)))


# ---------------------------------------------------------------- Runtime API


class RuntimeApiClient:
    """HTTP/1.1 over one kept-alive socket: the Runtime API needs nothing more, and http.client would
    cost tens of milliseconds of import time on every cold start. The socket is `_socket`'s own, read
    through a buffered file on its descriptor: the `socket` module imports `enum` and `selectors`."""

    def __init__(self, address):
        self.address = address
        self.sock = None
        self.reader = None
        # A `next` went out behind the last post and its answer is still to be read.
        self.next_asked = False
        global _first_connection
        first, _first_connection = _first_connection, None
        if first is not None and first[0] == address:
            self._adopt(first[1])
            return
        if first is not None:
            first[1].close()
        # Connected now: the server's check of who opened the connection runs while the handler loads.
        try:
            self._connect()
        except OSError:
            pass

    def _connect(self):
        self._adopt(_connect(self.address))

    def _adopt(self, sock):
        self.sock = sock
        self.reader = io.open(sock.fileno(), "rb", closefd=False)

    def _close(self):
        if self.sock is not None:
            self.reader.close()
            self.sock.close()
        self.sock = None
        self.reader = None

    def _message(self, method, path, body=b"", headers=None):
        lines = ["{} {} HTTP/1.1".format(method, path), "Host: " + self.address]
        lines.extend("{}: {}".format(name, value) for name, value in (headers or {}).items())
        if method != "GET":
            lines.append("Content-Length: {}".format(len(body)))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def _request(self, method, path, body=b"", headers=None):
        return self._exchange(self._message(method, path, body, headers))

    def _exchange(self, message):
        """Sends `message` (one request, or a post with the next `next` behind it) and reads the first answer."""
        reused = self.sock is not None
        if not reused:
            self._connect()
        try:
            try:
                self.sock.sendall(message)
            except ConnectionError:
                raise _StaleConnection()
            return self._read_response()
        except _StaleConnection:
            # The server dropped the idle connection before reading anything: safe to send again.
            self._close()
            if not reused:
                raise ConnectionError("Runtime API closed the connection")
            self._connect()
            self.sock.sendall(message)
            return self._read_response()

    def _read_response(self):
        try:
            status_line = self.reader.readline()
        except ConnectionError:
            raise _StaleConnection()
        if not status_line:
            raise _StaleConnection()
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip().encode("latin-1").decode("utf-8", "replace")
        if "content-length" in headers:
            body = self.reader.read(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            body = self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self._close()
        return status, headers, body

    def _read_chunked(self):
        parts = []
        while True:
            size = int(self.reader.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.reader.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.reader.read(size))
            self.reader.readline()

    def next_invocation(self):
        if self.next_asked and self.sock is not None:
            self.next_asked = False
            try:
                _, headers, body = self._read_response()
                return headers, body
            except _StaleConnection:
                self._close()
        self.next_asked = False
        _, headers, body = self._request("GET", NEXT_PATH)
        return headers, body

    def _post_then_next(self, path, body, headers):
        """A result or an error with the next `next` in the same write: the loop always goes on to it, and
        so the server reads one request fewer and this waits for no 202 before asking."""
        self._exchange(self._message("POST", path, body, headers) + self._message("GET", NEXT_PATH))
        self.next_asked = True

    def post_result(self, request_id, data, content_type):
        self._post_then_next("{}/invocation/{}/response".format(API_PREFIX, request_id), data, {"Content-Type": content_type})

    def post_error(self, request_id, error_result, xray_fault):
        headers = {"Content-Type": "application/json", ERROR_TYPE_HEADER: _header_safe(error_result["errorType"])}
        xray = to_json(xray_fault)
        if len(xray) < 1024 * 1024:
            headers[XRAY_ERROR_HEADER] = _header_safe(xray)
        self._post_then_next("{}/invocation/{}/error".format(API_PREFIX, request_id), to_json(error_result).encode("utf-8"), headers)

    def post_init_error(self, error_result):
        headers = {"Content-Type": "application/json", ERROR_TYPE_HEADER: _header_safe(error_result["errorType"])}
        self._request("POST", API_PREFIX + "/init/error", to_json(error_result).encode("utf-8"), headers)


class _StaleConnection(Exception):
    pass


def _header_safe(value):
    return "".join(c if " " <= c <= "~" else "?" for c in str(value))


# ---------------------------------------------------------------- context


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def _obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field, None))
    return obj


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms, invoked_function_arn=None, tenant_id=None):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _obj_from_dict(Client, self.client_context.client)
        self.identity = _obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            "{}([aws_request_id={},log_group_name={},log_stream_name={},function_name={},memory_limit_in_mb={},"
            "function_version={},invoked_function_arn={},client_context={},identity={},tenant_id={}])"
        ).format(
            self.__class__.__name__, self.aws_request_id, self.log_group_name, self.log_stream_name,
            self.function_name, self.memory_limit_in_mb, self.function_version, self.invoked_function_arn,
            self.client_context, self.identity, self.tenant_id,
        )


def _parse_json_header(value, name):
    try:
        return from_json(value)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e))
        )


# ---------------------------------------------------------------- logging


class Unbuffered(object):
    """print() reaches the log as soon as it is called."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


_RESERVED_RECORD_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type", "taskName",
}


def setup_logging(logging):
    """Gives the root logger Lambda's handler: `[LEVEL]\t<time>\t<request id>\t<message>` or JSON records."""
    import traceback

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            sys.stdout.write(self.format(record))

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _current_request_id or ""
            return True

    class JsonFormatter(logging.Formatter):
        def format(self, record):
            import json
            from datetime import datetime, timezone

            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc_info = record.exc_info
            result = {
                "timestamp": datetime.fromtimestamp(record.created, tz=timezone.utc).strftime(DATETIME_FORMAT + ".%f")[:-3] + "Z",
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
                "errorType": exc_info[0].__name__ if exc_info else None,
                "errorMessage": str(exc_info[1]) if exc_info else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": "{}:{}:{}".format(record.pathname, record.funcName, record.lineno) if exc_info else None,
            }
            result.update(
                (key, value)
                for key, value in record.__dict__.items()
                if key not in _RESERVED_RECORD_FIELDS and key not in result
            )
            return json.dumps({k: v for k, v in result.items() if v is not None}, ensure_ascii=False, default=str) + "\n"

    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    if JSON_LOGS:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", DATETIME_FORMAT
            )
        )
    root = logging.getLogger()
    if LOG_LEVEL in logging._nameToLevel:
        root.setLevel(LOG_LEVEL)
    handler.addFilter(LambdaLoggerFilter())
    root.addHandler(handler)


class _SetUpLoggingOnImport(object):
    """Meta path finder that lets `logging` load as usual, then sets it up before the importer sees it,
    so user code always finds Lambda's handler on the root logger."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(cls)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _LoaderThenSetUp(spec.loader)
                return spec
        return None


class _LoaderThenSetUp(object):
    def __init__(self, loader):
        self.loader = loader

    def __getattr__(self, name):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        # The module keeps its real loader: nothing downstream sees this wrapper.
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        if hasattr(module, "Handler"):  # not some other module that happens to be called logging
            setup_logging(module)


def install_logging():
    if "logging" in sys.modules:
        setup_logging(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, _SetUpLoggingOnImport)


def _replace_indentation(line):
    stripped = line.lstrip(" ")
    return ERROR_LOG_IDENT * (len(line) - len(stripped)) + stripped


def log_error(error_result):
    if JSON_LOGS:
        record = {"timestamp": time.strftime(DATETIME_FORMAT, time.gmtime()), "level": "ERROR"}
        record.update(error_result)
        sys.stdout.write(to_json(record) + "\n")
        return
    description = "[ERROR]"
    if error_result.get("errorType"):
        description += " " + error_result["errorType"]
    if error_result.get("errorMessage"):
        if error_result.get("errorType"):
            description += ":"
        description += " " + error_result["errorMessage"]
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                lines.extend(_replace_indentation(line) for line in element.splitlines())
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


# ---------------------------------------------------------------- errors


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _user_frames(tb):
    """Traceback tuples without the leading frames of this client."""
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if "/bootstrap.py" not in frame[0]:
            return frames[i:]
    return frames


def make_xray_fault(ex_type, ex_msg, frames):
    return {
        "working_directory": os.getcwd(),
        "exceptions": [
            {
                "message": ex_msg,
                "type": ex_type,
                "stack": [{"label": name, "path": path, "line": line} for path, line, name, _ in frames],
            }
        ],
        "paths": sorted({path for path, _, _, _ in frames}),
    }


# ---------------------------------------------------------------- handler


def _import_module(name):
    """importlib.import_module(name); `importlib` itself (and the `warnings` it imports) only for a relative name."""
    if name.startswith("."):
        import importlib

        return importlib.import_module(name)
    return _frozen_importlib._gcd_import(name)


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = _import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e))
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname)
        )


def handle_event(client, request_handler, headers, body):
    invoke_id = headers.get("lambda-runtime-aws-request-id")
    error_result = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            invoke_id,
            _parse_json_header(client_context, "Client Context") if client_context else None,
            _parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            headers.get("lambda-runtime-aws-tenant-id"),
        )
        event = unmarshal_request(body, headers.get("content-type"))
        response = request_handler(event, context)
        result, content_type = marshal_response(response)
    except FaultException as e:
        xray_fault = make_xray_fault("LambdaValidationError", e.msg, [])
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        frames = _user_frames(tb)
        import traceback

        xray_fault = make_xray_fault(etype.__name__, str(value), frames)
        error_result = make_error(str(value), etype.__name__, traceback.format_list(frames), invoke_id)
    if error_result is not None:
        log_error(error_result)
        client.post_error(invoke_id, error_result, xray_fault)
    else:
        client.post_result(invoke_id, result, content_type)


def _put_task_root_first():
    """User modules win over anything next to this file, as in AWS where /var/task leads sys.path."""
    runtime_entries = [p for p in sys.path if p and os.path.abspath(p) == RUNTIME_DIR]
    sys.path[:] = [p for p in sys.path if p not in runtime_entries]
    task_root = os.environ.get("LAMBDA_TASK_ROOT")
    if task_root and task_root not in sys.path:
        sys.path.insert(0, task_root)
    sys.path.extend(runtime_entries)


def _load_task_bytecode():
    """The engine compiles a function's modules ahead into bytecode/ (src/engine/python-bytecode.ts): the
    first compile in a process would cost more than this client's whole start, and /var/task being
    read-only, nothing compiled there is ever kept. Modules under the task root load from there while
    the .pyc matches their source (as a __pycache__ entry would), from the source otherwise."""
    task_root = os.environ.get("LAMBDA_TASK_ROOT")
    compiled_root = os.path.join(RUNTIME_DIR, "bytecode", "task")
    # Compiled without -O: a function that sets PYTHONOPTIMIZE compiles its own.
    if not task_root or sys.flags.optimize or not os.path.isdir(compiled_root):
        return
    import _frozen_importlib_external as external

    prefix = task_root.rstrip("/") + "/"
    suffix = "." + sys.implementation.cache_tag + ".pyc"

    class TaskSourceLoader(external.SourceFileLoader):
        def get_code(self, fullname):
            source_path = self.get_filename(fullname)
            if source_path.startswith(prefix) and source_path.endswith(".py"):
                compiled = compiled_root + "/" + source_path[len(prefix):-3] + suffix
                try:
                    with io.open_code(compiled) as f:
                        data = f.read()
                    st = os.stat(source_path)
                    if external._classify_pyc(data, fullname, {}) == 0:  # checked by timestamp, as ours are
                        external._validate_timestamp_pyc(data, int(st.st_mtime), st.st_size, fullname, {})
                        return external._compile_bytecode(memoryview(data)[16:], fullname, compiled, source_path)
                except Exception:
                    pass  # missing, stale or unreadable: compiled from source as usual
            return super().get_code(fullname)

    loaders = [
        (TaskSourceLoader if loader is external.SourceFileLoader else loader, suffixes)
        for loader, suffixes in external._get_supported_file_loaders()
    ]

    def task_root_finder(path):
        if (path == task_root or path.startswith(prefix)) and external._path_isdir(path):
            return external.FileFinder(path, *loaders)
        raise ImportError("not a directory under the task root")

    sys.path_hooks.insert(0, task_root_finder)
    sys.path_importer_cache.pop(task_root, None)


# ---------------------------------------------------------------- start-up


def attach_function():
    """A pre-started sandbox (the engine's zygotes) runs this client with its stdin a pipe and nothing
    of any function in its environment: it waits here until the engine writes the function's environment
    as one JSON line. A normal start has /dev/null there and goes straight on."""
    import stat

    if not (stat.S_ISFIFO(os.fstat(0).st_mode) or stat.S_ISSOCK(os.fstat(0).st_mode)):
        return
    # The first compile in a process sets up the compiler (~1.5 ms): done while waiting, so that the
    # function's own modules compile without it after the claim.
    compile("", "<prestart>", "exec")
    chunks = []
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            break
        newline = chunk.find(b"\n")
        chunks.append(chunk if newline == -1 else chunk[:newline])
        if newline != -1:
            break
    # Nothing of the waiting phase stays: stdin becomes /dev/null.
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    if not chunks:
        sys.exit(0)  # the engine let this sandbox go unclaimed
    env = from_json(b"".join(chunks).decode("utf-8"))
    os.environ.clear()
    os.environ.update(env)


def configure():
    """Settings taken from the function's environment."""
    global JSON_LOGS, LOG_LEVEL, ENSURE_ASCII
    JSON_LOGS = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    LOG_LEVEL = {None: "", "TRACE": "DEBUG"}.get(level, level or "").upper()
    ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12"


def main():
    global _current_request_id
    attach_function()
    configure()
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    _put_task_root_first()
    _load_task_bytecode()
    client = RuntimeApiClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    install_logging()
    try:
        request_handler = get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
        _report_init_failure(client, error_result)
    except Exception:
        import traceback

        etype, value, tb = sys.exc_info()
        error_result = make_error(str(value), etype.__name__, traceback.format_list(_user_frames(tb)))
        _report_init_failure(client, error_result)

    while True:
        headers, body = client.next_invocation()
        _current_request_id = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle_event(client, request_handler, headers, body)


def _report_init_failure(client, error_result):
    import logging

    logging.warning(UNHANDLED_WARNING)
    log_error(error_result)
    client.post_init_error(error_result)
    sys.exit(1)


if __name__ == "__main__":
    main()
