import type { GatepostApi } from '../../../electron/common/contract';
import { DemoBadge } from '../components/DemoBadge';
import { DeviceNotice } from '../components/DeviceNotice';
import { FreePassageNotice } from '../components/FreePassageNotice';
import { GateIndicator } from '../components/GateIndicator';
import { OfflineBanner } from '../components/OfflineBanner';
import { LanguageContext } from '../i18n/language-context';
import { IdleScreen } from '../screens/IdleScreen';
import { OutOfServiceScreen } from '../screens/OutOfServiceScreen';
import { StartingScreen } from '../screens/StartingScreen';
import type { SoundPlayer } from '../sound/sound-player';
import { useWedgeCapture } from '../wedge/use-wedge-capture';
import { ResultView } from './ResultView';
import { selectScreen } from './select-screen';
import { useDocumentLanguage } from './use-document-language';
import { useKioskChrome } from './use-kiosk-chrome';
import { useKioskStatus } from './use-kiosk-status';
import { useOrientation } from './use-orientation';
import { usePatronLanguage } from './use-patron-language';
import { useReadinessSignal } from './use-readiness-signal';
import { useShownDecision } from './use-shown-decision';

interface PatronAppProps {
  api: GatepostApi;
  sounds: SoundPlayer | null;
}

/** The patron-facing kiosk screen. */
export function PatronApp({ api, sounds }: PatronAppProps) {
  // Effects run in declaration order, so both subscriptions are live before the readiness signal is set.
  const status = useKioskStatus(api);
  const shown = useShownDecision(api, status?.resultHoldMs);
  useWedgeCapture(api, status?.wedge);

  const screen = selectScreen(status, shown?.decision ?? null);
  useReadinessSignal(screen !== 'starting' && screen !== 'out-of-service');
  const result = screen === 'admit' || screen === 'stop' || screen === 'see-staff' ? shown : null;

  const display = status?.display;
  const { language, languages, choose } = usePatronLanguage(display, shown !== null);
  const orientation = useOrientation(display?.orientation ?? 'auto');
  useDocumentLanguage(language);
  useKioskChrome();
  // Only a reader that is attached now: "tap here" over a missing reader would send patrons nowhere.
  const hasReader = (status?.devices ?? []).some((d) => d.role === 'nfc' && d.state === 'connected');

  return (
    <LanguageContext value={language}>
      <main
        className={`patron patron--${screen}`}
        data-screen={screen}
        data-orientation={orientation}
        data-language={language}
        data-scan-id={result?.decision.scanId}
      >
        {/* Out of service, no tickets are checked at all: "checked on this device" would be wrong. */}
        {status?.connectivity === 'offline' && screen !== 'out-of-service' && <OfflineBanner />}
        {status?.demo && <DemoBadge />}
        {screen === 'starting' && <StartingScreen />}
        {screen === 'out-of-service' && (
          <OutOfServiceScreen reason={status?.outOfService ?? ''} code={status?.code} />
        )}
        {status?.freePassage && <FreePassageNotice />}
        {screen === 'idle' && (
          <IdleScreen
            display={display}
            hasReader={hasReader}
            languages={languages}
            onChooseLanguage={choose}
          />
        )}
        {result && (
          <ResultView
            key={result.seq}
            api={api}
            decision={result.decision}
            sounds={sounds}
            soundsEnabled={status?.sounds ?? false}
          />
        )}
        <GateIndicator api={api} />
        {status && <DeviceNotice devices={status.devices} />}
      </main>
    </LanguageContext>
  );
}
