import { selectServices, loadLauncherConfig } from './launcher.config';

describe('launcher service selection', () => {
  it('starts every service by default, simulators first', () => {
    expect(selectServices(undefined, false)).toEqual([
      'vendor-simulators',
      'orchestrator',
      'payments',
      'usage',
      'audit-ledger',
      'gateway',
      'ops',
    ]);
  });

  it('leaves the simulators out when a real MNO is configured, unless --only names them', () => {
    expect(selectServices(undefined, true)).not.toContain('vendor-simulators');
    expect(selectServices('vendor-simulators,gateway', true)).toEqual([
      'vendor-simulators',
      'gateway',
    ]);
  });

  it('starts only the named services, in start order, whatever order they were given in', () => {
    expect(selectServices(' gateway , orchestrator', false)).toEqual(['orchestrator', 'gateway']);
  });

  it('refuses an unknown name and lists the known ones', () => {
    expect(() => selectServices('gateway,billing', false)).toThrow(
      '--only: unknown service "billing" (known: vendor-simulators, orchestrator, payments, usage, audit-ledger, gateway, ops)',
    );
    expect(() => selectServices(',', false)).toThrow(/name at least one/);
  });

  it('names the variable when a port or the MNO URL is wrong', () => {
    expect(() => loadLauncherConfig({ OPS_PORT: 'eighty' })).toThrow(/OPS_PORT/);
    expect(() => loadLauncherConfig({ MNO_BASE_URL: 'mno.local' })).toThrow(/MNO_BASE_URL/);
    expect(loadLauncherConfig({ MNO_BASE_URL: 'https://mno.example/tmf' }).realMno).toBe(true);
  });

  it('waits two minutes for each service by default, as long as HANDOFF_SERVICE_START_TIMEOUT_MS says otherwise', () => {
    expect(loadLauncherConfig({}).startTimeoutMs).toBe(120_000);
    expect(loadLauncherConfig({ HANDOFF_SERVICE_START_TIMEOUT_MS: '300000' }).startTimeoutMs).toBe(
      300_000,
    );
    expect(() => loadLauncherConfig({ HANDOFF_SERVICE_START_TIMEOUT_MS: '5' })).toThrow(
      /HANDOFF_SERVICE_START_TIMEOUT_MS.*at least 1000/,
    );
  });
});
