import request from 'supertest';

/** One scrape of `GET /metrics`: every sample line, by series (`name{labels}`), as a number. */
export class Scrape {
  private constructor(readonly text: string) {}

  static async of(baseUrl: string): Promise<Scrape> {
    const response = await request(baseUrl).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return new Scrape(response.text);
  }

  /** The sum of the samples of `name` whose labels include every one of `labels`. */
  value(name: string, labels: Record<string, string> = {}): number {
    let sum = 0;
    for (const line of this.text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const given = match[3] ?? '';
      if (Object.entries(labels).every(([k, v]) => given.includes(`${k}="${v}"`))) {
        sum += Number(match[4]);
      }
    }
    return sum;
  }

  has(name: string): boolean {
    return this.text.split('\n').some((line) => line.startsWith(`# TYPE ${name} `));
  }
}
