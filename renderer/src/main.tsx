import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { selectApi } from './api/select-api';
import { Root } from './app/Root';
import { currentLanguage } from './i18n/i18n';
import { installPageLockdown } from './lockdown/page-lockdown';
import { SoundPlayer } from './sound/sound-player';
import './styles.css';

document.documentElement.lang = currentLanguage;
installPageLockdown();

const api = selectApi();

let sounds: SoundPlayer | null = null;
try {
  sounds = new SoundPlayer();
} catch {
  // No audio support (some headless builds): results are still shown.
}

const container = document.getElementById('root');
if (!container) throw new Error('gatepost: #root missing from index.html');

createRoot(container).render(
  <StrictMode>
    <Root api={api} sounds={sounds} />
  </StrictMode>,
);
