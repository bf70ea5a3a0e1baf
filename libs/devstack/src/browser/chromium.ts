import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (installed by `npm run setup`), headless, driven by playwright-core: for the
 * map's browser test and the demo's screenshot of it. The flags keep it from reaching for the
 * network this machine does not have.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HANDOFF_CHROMIUM ?? chromiumOnPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

function chromiumOnPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: run `npm run setup` (or set HANDOFF_CHROMIUM)');
  }
}
