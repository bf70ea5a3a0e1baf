import { loadLocalRegistry } from '@handoff/contracts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventCodec } from '../envelope/event-codec';
import { AvroSerde } from '../serde/avro-serde';
import { Topics } from '../topics/topic-catalog';
import { EventStamper, type OwnershipLookup } from './event-stamper';

const TYPE = 'handoff.activation.ActivationRequested';
const data = JSON.parse(
  readFileSync(resolve(__dirname, `../../../../contracts/fixtures/valid/${TYPE}.v2.json`), 'utf8'),
) as Record<string, unknown>;
const points: Record<string, string> = {
  'handoff-to-mno': 'network-ops',
  'dealer-portal-to-handoff': 'dealer-ops',
};
const ownership: OwnershipLookup = {
  ownerOf: (topic, direction) =>
    topic === Topics.SubscriberLifecycle && direction === 'produce'
      ? { integrationPoint: 'handoff-to-bss', ownerTeam: 'billing-ops' }
      : undefined,
  ownerOfPoint: (id) => (points[id] ? { integrationPoint: id, ownerTeam: points[id] } : undefined),
};
const trace = {
  newTraceparent: () => '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  childTraceparent: () => '',
};
const codec = new EventCodec(new AvroSerde(loadLocalRegistry()));
const stamper = (producesAt?: string) =>
  new EventStamper('handoff/test', codec, ownership, trace, producesAt);
const owner = (headers: Record<string, string>) => [
  headers.handoff_integration_point,
  headers.handoff_owner_team,
];

describe('EventStamper ownership', () => {
  const event = { type: TYPE, subject: 'sub-1', data };

  it('stamps the owner of the integration point that produces the topic', () => {
    expect(owner(stamper().stamp(event).headers)).toEqual(['handoff-to-bss', 'billing-ops']);
  });

  it("stamps the service's own integration point when it names one", () => {
    expect(owner(stamper('dealer-portal-to-handoff').stamp(event).headers)).toEqual([
      'dealer-portal-to-handoff',
      'dealer-ops',
    ]);
  });

  it('stamps the point an event names, and falls back to the topic owner for an unknown one', () => {
    expect(
      owner(stamper().stamp({ ...event, integrationPoint: 'handoff-to-mno' }).headers),
    ).toEqual(['handoff-to-mno', 'network-ops']);
    expect(owner(stamper().stamp({ ...event, integrationPoint: 'nowhere' }).headers)).toEqual([
      'handoff-to-bss',
      'billing-ops',
    ]);
  });

  it('refuses a topic nobody owns', () => {
    expect(() => stamper().stamp({ ...event, topic: 'handoff.unowned.v1' })).toThrow(
      /no integration point owns/,
    );
  });
});
