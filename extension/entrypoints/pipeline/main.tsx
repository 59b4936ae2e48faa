import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../assets/ui.css';
import { App } from './App';
import { I18nProvider } from '../../i18n/react';
import { setUpPage } from '../../ui/page-setup';
import { pipelineStore } from '../../ui/pipeline-store';
import { getDb } from '../../lib/db';
import { FIRST_PAINT_CARDS } from '../../components/PipelineBoard';

setUpPage();
// The board's first cards are read while React and the page start.
pipelineStore(getDb(), FIRST_PAINT_CARDS).start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
