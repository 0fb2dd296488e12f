# The floor's Python runtime: HTTP/1.1 on a plain keep-alive socket, long-poll the next event, post its
# own bytes back (no json import: the floor passes the payload through), read the 202, poll again.
# `_socket` and a buffered file on its descriptor: the `socket` module would import `enum` and `selectors`.
import _socket, io, os

host, port = os.environ['AWS_LAMBDA_RUNTIME_API'].split(':')
conn = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
conn.connect((host, int(port)))
conn.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
reader = io.open(conn.fileno(), 'rb', closefd=False)


def call(method, path, body=b''):
    conn.sendall(('%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n\r\n' % (method, path, host, len(body))).encode() + body)
    reader.readline()
    headers = {}
    while True:
        line = reader.readline()
        if line in (b'\r\n', b''):
            break
        name, value = line.decode().split(':', 1)
        headers[name.strip().lower()] = value.strip()
    return headers, reader.read(int(headers.get('content-length', '0')))


while True:
    headers, event = call('GET', '/2018-06-01/runtime/invocation/next')
    call('POST', '/2018-06-01/runtime/invocation/%s/response' % headers['lambda-runtime-aws-request-id'], event)
    if os.environ.get('ONCE') == '1':
        break
