import axios from 'axios';

/** The subjects a Confluent-compatible registry holds; throws when it does not answer. */
export async function registrySubjects(url: string, timeoutMs = 3_000): Promise<string[]> {
  const res = await axios.get<unknown>(`${url}/subjects`, { timeout: timeoutMs });
  if (!Array.isArray(res.data)) throw new Error(`GET ${url}/subjects did not answer a list`);
  return res.data.map(String);
}

/** Ready means its Confluent-compatible API answers. Throws the reason when it does not. */
export async function probeRegistry(url: string, timeoutMs?: number): Promise<true> {
  await registrySubjects(url, timeoutMs);
  return true;
}

export async function isRegistryReady(url: string, timeoutMs?: number): Promise<boolean> {
  return probeRegistry(url, timeoutMs).catch(() => false);
}
