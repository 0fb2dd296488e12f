// Plain Invokes are read and answered by hand on the front door's connections; everything else, and a
// connection from its first other request on, goes to node:http. These drive one raw keep-alive
// connection through both and check every answer on the wire.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { makeZip } from '../support/zip.js';
import { RawConnection as Connection } from '../support/raw-connection.js';

/** Any well-formed SigV4 header passes when no credentials are configured; the signature is not read. */
function authorization(): string {
  const date = new Date().toISOString().replace(/[-:]/g, '').slice(0, 8);
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date}/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
}

function invoke(fn: string, payload: string, extra = ''): string {
  return `POST /2015-03-31/functions/${fn}/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization()}\r\n` +
    `X-Amz-Date: 20261204T000000Z\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n${extra}\r\n${payload}`;
}

function getFunction(fn: string): string {
  return `GET /2015-03-31/functions/${fn} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization()}\r\nX-Amz-Date: 20261204T000000Z\r\n\r\n`;
}

const FN = 'hand-framed-echo';
const server = await startLambkin();

before(async () => {
  await server.client().send(new CreateFunctionCommand({
    FunctionName: FN, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r',
    Code: { ZipFile: await makeZip({ 'index.js': 'exports.handler = async (event) => ({ echo: event });\n' }) },
  }));
});

describe('the front door\'s hand-framed Invoke', () => {
  let connection: Connection;
  after(() => connection?.close());

  it('answers Invokes, then the request it does not take, then Invokes again, all on one connection', async () => {
    connection = new Connection(server.port);
    const [first] = await connection.send(invoke(FN, '{"n":1}'));
    assert.equal(first!.status, 200);
    assert.deepEqual(JSON.parse(first!.body), { echo: { n: 1 } });
    assert.equal(first!.headers['x-amz-executed-version'], '$LATEST');
    assert.match(first!.headers['x-amzn-requestid']!, /^[0-9a-f-]{36}$/);
    assert.equal(new Date(first!.headers.date!).toUTCString(), first!.headers.date);
    assert.equal(first!.headers['content-length'], String(Buffer.byteLength(first!.body)));
    // A GetFunction is not taken by hand: node:http reads the connection from here on, and answers it.
    const [got] = await connection.send(getFunction(FN));
    assert.equal(got!.status, 200);
    assert.equal((JSON.parse(got!.body) as { Configuration: { FunctionName: string } }).Configuration.FunctionName, FN);
    assert.equal(got!.headers['keep-alive'], 'timeout=65');
    const [again] = await connection.send(invoke(FN, '{"n":2}'));
    assert.equal(again!.status, 200);
    assert.deepEqual(JSON.parse(again!.body), { echo: { n: 2 } });
  });

  it('answers pipelined Invokes in order, and hands off mid-pipeline without losing the rest', async () => {
    const pipelined = new Connection(server.port);
    try {
      const answers = await pipelined.send(invoke(FN, '{"n":1}') + invoke(FN, '{"n":2}') + getFunction(FN) + invoke(FN, '{"n":3}'), 4);
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
      assert.deepEqual(JSON.parse(answers[0]!.body), { echo: { n: 1 } });
      assert.deepEqual(JSON.parse(answers[1]!.body), { echo: { n: 2 } });
      assert.deepEqual(JSON.parse(answers[3]!.body), { echo: { n: 3 } });
    } finally {
      pipelined.close();
    }
  });

  it('reads a request that arrives a few bytes at a time', async () => {
    const slow = new Connection(server.port);
    try {
      const bytes = Buffer.from(invoke(FN, '{"slow":true}'));
      const answered = slow.send(bytes.subarray(0, 7));
      for (let at = 7; at < bytes.length; at += 9) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        slow.socket.write(bytes.subarray(at, at + 9));
      }
      const [answer] = await answered;
      assert.deepEqual(JSON.parse(answer!.body), { echo: { slow: true } });
    } finally {
      slow.close();
    }
  });

  it('reads a large body that arrives in many small writes, whole', async () => {
    const large = new Connection(server.port);
    try {
      const text = 'x'.repeat(3 * 1024 * 1024);
      const bytes = Buffer.from(invoke(FN, JSON.stringify({ text })));
      const answered = large.send(bytes.subarray(0, 4096));
      for (let at = 4096; at < bytes.length; at += 4096) large.socket.write(bytes.subarray(at, at + 4096));
      const [answer] = await answered;
      assert.equal(answer!.status, 200);
      assert.equal((JSON.parse(answer!.body) as { echo: { text: string } }).echo.text, text);
    } finally {
      large.close();
    }
  });

  it('leaves a chunked Invoke, or one that expects 100-continue, to node:http, which answers it the same', async () => {
    const chunked = new Connection(server.port);
    try {
      const payload = '{"chunked":1}';
      const head = `POST /2015-03-31/functions/${FN}/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization()}\r\n` +
        'X-Amz-Date: 20261204T000000Z\r\nTransfer-Encoding: chunked\r\n\r\n';
      const [answer] = await chunked.send(`${head}${payload.length.toString(16)}\r\n${payload}\r\n0\r\n\r\n`);
      assert.equal(answer!.status, 200);
      assert.deepEqual(JSON.parse(answer!.body), { echo: { chunked: 1 } });
    } finally {
      chunked.close();
    }
    const continued = new Connection(server.port);
    try {
      const [interim] = await continued.send(invoke(FN, '', 'Expect: 100-continue\r\n').replace('Content-Length: 0', 'Content-Length: 13'));
      assert.equal(interim!.status, 100);
      const [answer] = await continued.send('{"expect":1} ');
      assert.equal(answer!.status, 200);
      assert.deepEqual(JSON.parse(answer!.body), { echo: { expect: 1 } });
    } finally {
      continued.close();
    }
  });

  it('leaves a malformed head to node:http, which refuses it as it refuses any', async () => {
    // A form feed at a value's end is not optional whitespace: node:http refuses it, not trims it.
    for (const odd of ['X-Odd : 1\r\n', 'X-Odd: 1\n', 'Content-Length: 2\r\n', 'X-Odd: a\x01b\r\n', 'X-Odd: a\f\r\n', 'X-Odd: \x7f\r\n']) {
      const malformed = new Connection(server.port);
      try {
        const [answer] = await malformed.send(invoke(FN, '{}', odd));
        assert.equal(answer!.status, 400, JSON.stringify(odd));
        assert.equal(answer!.head, 'HTTP/1.1 400 Bad Request\r\nConnection: close');
      } finally {
        malformed.close();
      }
    }
  });

  it('refuses an over-limit Invoke with AWS\'s 413, as before', async () => {
    const big = new Connection(server.port);
    try {
      const [answer] = await big.send(invoke(FN, `"${'x'.repeat(6_291_456)}"`));
      assert.equal(answer!.status, 413);
      assert.equal(answer!.headers['x-amzn-errortype'], 'RequestTooLargeException');
      assert.deepEqual(JSON.parse(answer!.body), {
        Type: 'User', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      });
    } finally {
      big.close();
    }
  });

  it('answers an Invoke whose client shut its side after sending, then closes the connection', async () => {
    const halfClosed = new Connection(server.port);
    const answered = halfClosed.send(invoke(FN, '{"half":1}'));
    halfClosed.socket.end();
    const [answer] = await answered;
    assert.deepEqual(JSON.parse(answer!.body), { echo: { half: 1 } });
    await halfClosed.closed;
  });

  it('answers an unknown function and a malformed payload with AWS\'s errors', async () => {
    const errors = new Connection(server.port);
    try {
      const [missing, malformed] = await errors.send(invoke('no-such-function', '{}') + invoke(FN, '{not json'), 2);
      assert.equal(missing!.status, 404);
      assert.equal(missing!.headers['x-amzn-errortype'], 'ResourceNotFoundException');
      assert.equal((JSON.parse(missing!.body) as { Message: string }).Message,
        'Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function');
      assert.equal(malformed!.status, 400);
      assert.equal(malformed!.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    } finally {
      errors.close();
    }
  });
});
