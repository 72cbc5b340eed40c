/** Every way to cut `bytes` into two chunks, plus one byte at a time and all at once. */
export function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes], [...bytes].map((b) => Uint8Array.of(b))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

export const ascii = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const hex = (s: string): Uint8Array =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  );
