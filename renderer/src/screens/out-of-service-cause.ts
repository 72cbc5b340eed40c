import type { MessageKey } from '../i18n/i18n';

/**
 * The patron-facing line for a staff code: what kind of trouble, in the patron's language. The code itself
 * (and the core's reason, for staff) is shown as given. Unknown codes get no line, only the headline.
 */
export function outOfServiceCause(code: string | undefined): MessageKey | undefined {
  if (!code) return undefined;
  if (code === 'ADMIN-OPEN') return 'outOfService.maintenance';
  if (code === 'NOT-CONFIGURED' || code === 'PROVIDER-REFUSED') return 'outOfService.notConfigured';
  if (code.startsWith('PROVIDER-')) return 'outOfService.provider';
  if (code.startsWith('GATE-')) return 'outOfService.gate';
  if (
    [
      'DISK-FULL',
      'DATA-DIR-READ-ONLY',
      'JOURNAL-IO-ERROR',
      'JOURNAL-DAMAGED',
      'JOURNAL-NEWER-VERSION',
    ].includes(code)
  )
    return 'outOfService.storage';
  if (code === 'CONFIG-INVALID') return 'outOfService.notConfigured';
  return undefined;
}
