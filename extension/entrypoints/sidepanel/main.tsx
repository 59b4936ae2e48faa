// First (imports run in order): the panel's first reads start while the rest of its code is evaluated.
import './preload';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/ui.css';
import { App } from './App';
import { I18nProvider } from '../../i18n/react';
import { setUpPage } from '../../ui/page-setup';

setUpPage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
