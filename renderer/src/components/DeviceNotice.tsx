import type { DeviceHealth } from '../../../electron/common/contract';
import { useT } from '../i18n/language-context';

/**
 * A small strip at the bottom for staff: every scanner or reader that is unplugged or faulted, with its
 * code, while the others keep working. The keyboard wedge is left out (the screen showing this is the
 * wedge's connection), and so is a gate fault (that puts the whole kiosk out of service instead).
 */
export function DeviceNotice({ devices }: { devices: readonly DeviceHealth[] }) {
  const t = useT();
  const attention = devices.filter(
    (d) => d.role !== 'gate' && d.kind !== 'wedge' && (d.state === 'disconnected' || d.state === 'fault'),
  );
  if (attention.length === 0) return null;
  return (
    <div className="device-notice" data-testid="device-notice" role="status">
      <strong>{t('devices.fault')}:</strong>{' '}
      {attention
        .map(
          (d) =>
            `${d.id} ${d.state === 'fault' ? t('devices.faulted') : t('devices.disconnected')}` +
            (d.code ? ` (${d.code})` : ''),
        )
        .join(' · ')}
    </div>
  );
}
