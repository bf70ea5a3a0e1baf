import { waitFor } from '../../support/test-infra';
import { activationCharges, type TaxTestClient, useTaxSimulator } from './tax-simulator.harness';

describe('tax engine simulator: faults on demand', () => {
  let tax: TaxTestClient;
  useTaxSimulator((started) => (tax = started));

  it('answers 503 in its error format and creates nothing while errorRate is 1', async () => {
    await tax.setFaults({ endpoint: 'calculate', errorRate: 1 });
    const request = activationCharges();

    const answer = await tax.calculate(request);

    expect(answer.status).toBe(503);
    expect(answer.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect((await tax.document(request.documentCode)).status).toBe(404);
  });

  it('answers 503 on every endpoint during an outage, and recovers when it is cleared', async () => {
    const request = activationCharges();
    await tax.calculate(request);
    await tax.setFaults({ endpoint: '*', outage: true });

    expect((await tax.commit(request.documentCode)).status).toBe(503);
    expect((await tax.document(request.documentCode)).status).toBe(503);

    expect((await tax.call('DELETE', '/admin/faults')).status).toBe(204);
    expect((await tax.commit(request.documentCode)).status).toBe(200);
    expect(await tax.ledger(request.documentCode)).toHaveLength(1);
  });

  it('commits but withholds the answer under processThenTimeout: the client asks and finds it committed', async () => {
    const request = activationCharges();
    await tax.calculate(request);
    await tax.setFaults({ endpoint: 'commit', processThenTimeout: true });

    await expect(tax.commit(request.documentCode, 300)).rejects.toThrow(/abort|timeout/i);

    const found = await waitFor('the document committed', async () => {
      const answer = await tax.document(request.documentCode);
      return answer.json.status === 'committed' && answer.json;
    });
    expect(found.documentCode).toBe(request.documentCode);
    expect(await tax.ledger(request.documentCode)).toHaveLength(1);
    expect((await tax.stats()).calls.commit).toMatchObject({ total: 1, slowAnswer: 1 });
  });

  it('never answers while timeoutRate is 1, and does not run the request', async () => {
    await tax.setFaults({ endpoint: 'calculate', timeoutRate: 1 });
    const request = activationCharges();

    await expect(tax.calculate(request, 300)).rejects.toThrow(/abort|timeout/i);
    expect((await tax.document(request.documentCode)).status).toBe(404);
  });

  it('answers a body that is not JSON, then one without the fields, having done the work', async () => {
    await tax.setFaults({ endpoint: 'calculate', malformedRate: 1 });
    const request = activationCharges();

    const first = await tax.calculate(request);
    expect(() => JSON.parse(first.text) as unknown).toThrow();
    const second = await tax.calculate(request);
    expect(second.json).not.toHaveProperty('totals');
    expect((await tax.document(request.documentCode)).json.status).toBe('quoted');
  });

  it('refuses a rule for an endpoint it does not have, or a misspelt field', async () => {
    expect((await tax.call('PUT', '/admin/faults', { endpoint: 'createOrder' })).status).toBe(400);
    const typo = await tax.call('PUT', '/admin/faults', { endpoint: 'commit', outages: true });
    expect(typo.status).toBe(400);
  });
});
