import type { SeatInfo } from '../../../electron/common/contract';
import type { Translate } from '../i18n/i18n';
import { useT } from '../i18n/language-context';

/** Seat location as "Section 101 · Row F · Seat 12"; a provider's own free text wins when it has one. */
export function formatSeat(seat: SeatInfo, t: Translate): string {
  if (seat.text?.trim()) return seat.text.trim();
  const parts: string[] = [];
  if (seat.level) parts.push(`${t('seat.level')} ${seat.level}`);
  if (seat.section) parts.push(`${t('seat.section')} ${seat.section}`);
  if (seat.row) parts.push(`${t('seat.row')} ${seat.row}`);
  if (seat.seat) parts.push(`${t('seat.seat')} ${seat.seat}`);
  return parts.join(' · ');
}

export function SeatDetails({ seat }: { seat: SeatInfo }) {
  const text = formatSeat(seat, useT());
  if (!text) return null;
  return (
    <p className="result__seat" data-testid="seat">
      {text}
    </p>
  );
}
