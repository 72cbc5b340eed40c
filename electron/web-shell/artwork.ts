import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ARTWORK_TYPES, artworkExtension } from '../common/display.js';

/** Venue artwork is a picture for one screen; anything larger is a mistake, refused rather than loaded. */
export const MAX_ARTWORK_BYTES = 8 * 1024 * 1024;

export type ArtworkRead =
  { ok: true; body: Buffer; type: string } | { ok: false; status: 404 | 413; reason: string };

/**
 * Reads the venue artwork `fileName` from the data dir for `GET /venue-artwork`. The config schema already
 * holds the name to a bare file name with an image extension; this checks again (the name may come from
 * elsewhere one day), refuses symlinks and anything but a regular file, and bounds the size.
 */
export async function readArtwork(
  dataDir: string,
  fileName: string | undefined,
  maxBytes = MAX_ARTWORK_BYTES,
): Promise<ArtworkRead> {
  if (!fileName) return { ok: false, status: 404, reason: 'no artwork configured' };
  const type = ARTWORK_TYPES[artworkExtension(fileName)];
  if (basename(fileName) !== fileName || fileName.startsWith('.') || !type) {
    return { ok: false, status: 404, reason: `display.artwork "${fileName}" is not an image file name` };
  }
  let handle;
  try {
    handle = await open(join(dataDir, fileName), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    return { ok: false, status: 404, reason: `display.artwork: cannot open ${fileName} (${code(err)})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile())
      return { ok: false, status: 404, reason: `display.artwork: ${fileName} is not a file` };
    if (stat.size > maxBytes) {
      return {
        ok: false,
        status: 413,
        reason: `display.artwork: ${fileName} is ${stat.size} bytes, more than ${maxBytes}`,
      };
    }
    // Read what stat promised and no more: a file growing meanwhile cannot push past the bound.
    const body = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(body, 0, stat.size, 0);
    return { ok: true, body: body.subarray(0, bytesRead), type };
  } finally {
    await handle.close();
  }
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}
