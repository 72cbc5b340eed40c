import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RpcClient,
  startWebShellProcess,
  WEB_SHELL_ENTRY,
  waitFor,
  type WebShellProcess,
} from './support/web-shell-process.js';

const SECRET = 'sk-config-error-31337';
let dir: string;
let shell: WebShellProcess | undefined;
let client: RpcClient | undefined;

afterEach(async () => {
  await client?.close();
  await shell?.stop();
  client = undefined;
  shell = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function dataDir(config: string): string {
  dir = mkdtempSync(join(tmpdir(), 'gatepost-config-errors-'));
  writeFileSync(join(dir, 'config.json'), config);
  return dir;
}

interface Status {
  outOfService?: string;
  code?: string;
  ready: boolean;
}

describe("configuration errors are the technician's first screen", () => {
  it('a misspelt key: the shell still comes up, out of service with CONFIG-INVALID and the same line as the log', async () => {
    const config = {
      decisonBudgetMs: 2000,
      provider: {
        kind: 'entry-v1',
        baseUrl: 'https://x.test',
        apiKey: SECRET,
        dataAccountId: '390',
        venueCode: 'TS',
        serialNumber: '1',
        make: 'G',
        model: 'P',
      },
    };
    shell = await startWebShellProcess(dataDir(JSON.stringify(config)));
    client = await RpcClient.connect(shell);
    const status = await client.call<Status>('kiosk.status');
    const line = `${join(dir, 'config.json')}: decisonBudgetMs: unknown setting — did you mean "decisionBudgetMs"?`;
    expect(status).toMatchObject({ ready: false, code: 'CONFIG-INVALID' });
    expect(status.outOfService).toBe(line.slice(0, 200));
    const log = await waitFor(
      'the log line',
      () => {
        const text = readFileSync(join(dir, 'gatepost.log'), 'utf8');
        return text.includes('CONFIG-INVALID') ? text : undefined;
      },
      5000,
    );
    expect(log).toContain(JSON.stringify(line).slice(1, -1));
    // The secret went into the store on start, so neither the file nor the log has it.
    expect(log).not.toContain(SECRET);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain(SECRET);
  });

  it('invalid JSON: position only, nothing of the file echoed', async () => {
    shell = await startWebShellProcess(dataDir(`{ "provider": { "apiKey": "${SECRET}" ,, } }`));
    client = await RpcClient.connect(shell);
    const status = await client.call<Status>('kiosk.status');
    expect(status.code).toBe('CONFIG-INVALID');
    expect(status.outOfService).toMatch(/config\.json: not valid JSON: .* at line 1, column \d+$/);
    expect(readFileSync(join(dir, 'gatepost.log'), 'utf8')).not.toContain(SECRET);
  });

  it('a port in use is said in one line, on stderr and in the log, with exit code 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      dataDir(JSON.stringify({ provider: { kind: 'walletthat', apiKey: SECRET } }));
      const child = spawn(process.execPath, [WEB_SHELL_ENTRY, '--data-dir', dir, '--port', String(port)], {
        stdio: 'pipe',
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      clearTimeout(killer);
      expect(code).toBe(2);
      const lines = stderr.split('\n').filter((l) => l.startsWith('gatepost:'));
      expect(lines).toEqual([
        `gatepost: Port ${port} on 127.0.0.1 is already in use by another program (config.json webShell.port); stop it or choose another port`,
      ]);
      expect(stderr).not.toContain('EADDRINUSE');
      expect(readFileSync(join(dir, 'gatepost.log'), 'utf8')).toContain('PORT-IN-USE');
    } finally {
      blocker.close();
    }
  });
});
