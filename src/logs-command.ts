/** `lambkin logs NAME [--follow]`: prints a function's log events from a running Lambkin. */
import { request } from 'node:http';
import type { Config } from './config.js';

interface LogLine { logStreamName: string; timestamp: number; message: string }

export function runLogsCommand(config: Config, functionName: string, follow: boolean): Promise<void> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const path = `/_lambkin/logs/${encodeURIComponent(functionName)}?account=${config.accountId}${follow ? '&follow=1' : ''}`;
  return new Promise((resolve, reject) => {
    const req = request({ host, port: config.port, path }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => reject(new Error(`lambkin answered ${res.statusCode}: ${body}`)));
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (!line) continue;
          const event = JSON.parse(line) as LogLine;
          process.stdout.write(`${new Date(event.timestamp).toISOString()} ${event.logStreamName} ${event.message.replace(/\n$/, '')}\n`);
        }
      });
      res.on('end', () => resolve());
    });
    req.on('error', (err) => reject(new Error(`cannot reach Lambkin at ${host}:${config.port}: ${err.message}`)));
    req.end();
  });
}
