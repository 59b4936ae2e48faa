import { startPanelPreload } from '../../ui/panel-preload';

// Imported first by main.tsx: the module body runs before the panel's components are evaluated.
startPanelPreload();
