import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/ui.css';
import { App } from './App';
import { I18nProvider } from '../../i18n/react';
import { setUpPage } from '../../ui/page-setup';
import { portfolioStore } from '../../ui/portfolio-store';
import { getDb } from '../../lib/db';

setUpPage();
// The saved facts are read while React and the page start.
portfolioStore(getDb()).start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
