import type { GatepostApi, ScanDecided } from '../../../electron/common/contract';
import { AdmitScreen } from '../screens/AdmitScreen';
import { SeeStaffScreen } from '../screens/SeeStaffScreen';
import { StopScreen } from '../screens/StopScreen';
import type { SoundPlayer } from '../sound/sound-player';
import { useResultFeedback } from './use-result-feedback';

interface ResultViewProps {
  api: GatepostApi;
  decision: ScanDecided;
  sounds: SoundPlayer | null;
  soundsEnabled: boolean;
}

/** One decision on screen. Mounted afresh per decision (keyed by the caller) so its feedback runs once. */
export function ResultView({ api, decision, sounds, soundsEnabled }: ResultViewProps) {
  useResultFeedback(api, decision, sounds, soundsEnabled);
  switch (decision.outcome) {
    case 'admit':
      return <AdmitScreen decision={decision} />;
    case 'stop':
      return <StopScreen decision={decision} />;
    case 'see-staff':
      return <SeeStaffScreen decision={decision} />;
  }
}
