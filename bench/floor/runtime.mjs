// The floor's Node.js runtime: long-poll the next event, answer it (parsed and serialised, like an echo handler).
import { Agent, request } from 'node:http';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const once = process.env.ONCE === '1';

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = body ? { 'Content-Length': body.length } : {};
    const req = request({ host, port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (;;) {
  const next = await call('GET', '/2018-06-01/runtime/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  const result = Buffer.from(JSON.stringify(JSON.parse(next.body.toString())));
  await call('POST', `/2018-06-01/runtime/invocation/${id}/response`, result);
  if (once) process.exit(0);
}
