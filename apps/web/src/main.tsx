import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { readStoredLocale } from './app/i18n.tsx';
import { loadMessages } from './app/load-messages.ts';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const render = () =>
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// A stored English choice fetches its texts first; if that fails the page still opens (in Chinese).
const initial = readStoredLocale();
loadMessages(initial).then(render, render);
