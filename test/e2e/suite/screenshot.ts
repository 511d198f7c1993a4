// Asks the e2e runner for a screenshot of the whole workbench and resolves once the PNG is written (a no-op when the runner takes none).
//
// Channel (see test/e2e/runInCodeServer.mjs): the runner sets CLAUSEMARK_E2E_SCREENSHOT_URL, a loopback URL it
// serves; `POST <url>?name=NAME&settle=MS` makes it wait MS ms for the workbench to paint, save
// <screenshots>/NAME.png, then answer 200 {"path"} (or 4xx/5xx {"error"}). Without the variable (no --screenshots,
// or the Electron runner, which has no handle on the window) the call logs a line and returns undefined.
import { request } from 'node:http';

export interface ScreenshotOptions {
  /** Milliseconds the runner waits before capturing, so that the last UI change is painted (default 300). */
  settleMs?: number;
  /** Give up after this many milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** Saves `<screenshots>/<name>.png`; returns its path, or undefined when this run takes no screenshots. */
export async function screenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
  const base = process.env.CLAUSEMARK_E2E_SCREENSHOT_URL;
  if (!base) {
    console.log(`  (screenshot '${name}' skipped: the runner takes no screenshots)`);
    return undefined;
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name) || name.startsWith('.')) throw new Error(`bad screenshot name '${name}'`);
  const url = new URL(base);
  url.searchParams.set('name', name);
  url.searchParams.set('settle', String(options.settleMs ?? 300));
  const timeoutMs = options.timeoutMs ?? 30_000;
  // node:http rather than fetch: VS Code's extension host patches fetch for its proxy support.
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`screenshot '${name}': no answer from the runner within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
  let parsed: { path?: string; error?: string } = {};
  try {
    parsed = JSON.parse(body);
  } catch {
    /* reported below */
  }
  if (status !== 200 || !parsed.path) throw new Error(`screenshot '${name}' failed: HTTP ${status} ${parsed.error ?? body}`);
  return parsed.path;
}
