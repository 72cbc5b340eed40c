import { useState } from 'react';
import { ARTWORK_PATH } from '../../../electron/common/display';

/**
 * The venue's picture (`display.artwork`), served by the shell at a fixed same-origin path. A picture
 * that fails to load is left out: the idle screen works without it.
 */
export function VenueArtwork({ name }: { name: string | undefined }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!name || failed === name) return null;
  return (
    <img
      className="venue-artwork"
      data-testid="artwork"
      src={`${ARTWORK_PATH}?v=${encodeURIComponent(name)}`}
      alt=""
      draggable={false}
      onError={() => setFailed(name)}
    />
  );
}
