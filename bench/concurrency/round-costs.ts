import type { ActivationRoundResult } from './activation.round';

export function perActivation(result: ActivationRoundResult, count: number): string {
  return (count / result.activations).toFixed(1);
}

/** The statements and calls that cost the most per activation, so the next cut is plain. */
export function costLines(result: ActivationRoundResult): string[] {
  const { costs } = result;
  const top = (counts: Record<string, number>, n: number) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([kind, count]) => `    ${perActivation(result, count).padStart(6)}  ${kind}`);
  return [
    `${perActivation(result, costs.cpuMs)} ms of orchestrator CPU per activation`,
    `${perActivation(result, costs.statements)} SQL statements per activation, most:`,
    ...top(costs.statementsByKind, 25),
    `${perActivation(result, costs.httpCalls)} HTTP calls per activation:`,
    ...top(costs.httpCallsByKind, 8),
  ];
}
