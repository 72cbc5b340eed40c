import type { CSSProperties } from 'react';

/**
 * The result's headline, as large as fits: the CSS sizes it from the width available and the length of
 * its longest word (`--chars`), so ADMIT and "Adressez-vous au personnel" both fit without clipping in
 * either orientation. React sets the custom property through the CSSOM, which the strict CSP allows.
 */
export function ResultWord({ word, long = false }: { word: string; long?: boolean }) {
  const longest = Math.max(1, ...word.split(/\s+/).map((w) => w.length));
  const style = { '--chars': longest } as CSSProperties;
  return (
    <h1 className={long ? 'result__word result__word--long' : 'result__word'} style={style}>
      {word}
    </h1>
  );
}
