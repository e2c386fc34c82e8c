// Starts a server process and waits for its "listening on http://…" line
// (or the line `ready` matches, its first group the URL, e.g. Next.js's "Local:").
import { spawn } from 'node:child_process';

export function startServer(cmd, args, { env = {}, cwd, timeout = 60_000, ready = /listening on (http:\/\/127\.0\.0\.1:\d+)/ } = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${cmd} ${args.join(' ')} did not start:\n${output}`));
    }, timeout);
    const onData = (d) => {
      output += d;
      const m = ready.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')} exited (${code}):\n${output}`));
    });
  });
}
