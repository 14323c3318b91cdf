/**
 * Answers about a named resource that never change (a queue's URL, its dead-letter queue), looked
 * up once per client and name and kept for the life of the execution environment. Per client
 * because two clients may point at different accounts, regions or endpoints. Concurrent callers
 * share one lookup; a failed one (throttled, a queue not created yet) is forgotten, so the next
 * caller asks again.
 */
export function perClientCache<C extends object, V>(lookUp: (client: C, name: string) => Promise<V>): (client: C, name: string) => Promise<V> {
  const byClient = new WeakMap<C, Map<string, Promise<V>>>();
  return (client, name) => {
    let known = byClient.get(client);
    if (known === undefined) {
      known = new Map();
      byClient.set(client, known);
    }
    let answer = known.get(name);
    if (answer === undefined) {
      answer = lookUp(client, name);
      known.set(name, answer);
      const cache = known;
      answer.catch(() => cache.delete(name));
    }
    return answer;
  };
}
