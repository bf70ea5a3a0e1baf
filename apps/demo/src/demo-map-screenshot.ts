import { launchChromium } from '@handoff/devstack';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import type { DemoContext } from './demo-context';

/**
 * With `DEMO_MAP_SCREENSHOT=path`, the integration map as Chromium shows it while the MNO is down
 * (its flow red, the breaker open), saved as a PNG: how docs/integration-map-demo-outage.png is
 * made. A screenshot that cannot be taken is said, never fails the demo.
 */
export async function screenshotMapDuringOutage(ctx: DemoContext, path: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${ctx.opsUrl}/map?refresh=1#key=${ctx.operatorKey}`);
    const mno = page.locator(`li.flow[data-flow="${MNO_INTEGRATION_POINT}"]`);
    await mno.and(page.locator('[data-state="red"]')).waitFor({ timeout: 20_000 });
    await page.screenshot({ path, fullPage: true });
    ctx.say(`   the map while the MNO is down, from Chromium: ${path}`);
  } catch (error) {
    ctx.say(
      `   (no screenshot of the map: ${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    await browser.close();
  }
}
