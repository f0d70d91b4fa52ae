// The stored format of cortado/redis (src/adapters/redis/value-format.ts) as the tests read and write it
// in Redis directly, written out here on its own from the format's description, so that a test
// also checks that the code keeps to what the header comment documents.

/** The format's first character (format 1). */
const TAG = '\x01';

/** A stored text's parts; undefined when it is not of the format. */
export function parseStoredText(text: unknown): { deadline: number; payload: string } | undefined {
  if (typeof text !== 'string') return undefined;
  if (!text.startsWith(TAG)) return undefined;
  const colon = text.indexOf(':');
  const digits = text.slice(1, colon);
  if (colon < 0 || !/^\d*$/.test(digits)) return undefined;
  return { deadline: digits === '' ? 0 : Number(digits), payload: text.slice(colon + 1) };
}

/** The payload of a stored text (null for a missing key); throws when the text is not of the format. */
export function payload(text: unknown): string | null {
  if (text === null) return null;
  const stored = parseStoredText(text);
  if (stored === undefined) throw new Error(`not a stored value: ${JSON.stringify(text)}`);
  return stored.payload;
}

/** Redis's clock, ms since 1970 (TIME). */
export async function redisNow(command: (args: string[]) => Promise<unknown>): Promise<number> {
  const [seconds, micros] = (await command(['TIME'])) as [string, string];
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

/** Writes `text` at `key` in the stored format, expiring `ttl` ms from now on Redis's clock (0: never). */
export async function putStored(
  command: (args: string[]) => Promise<unknown>,
  key: string,
  text: string,
  ttl: number,
): Promise<number> {
  if (ttl === 0) {
    await command(['SET', key, `\x01:${text}`]);
    return 0;
  }
  const deadline = (await redisNow(command)) + ttl;
  await command(['SET', key, `\x01${deadline}:${text}`, 'PXAT', String(deadline)]);
  return deadline;
}
