import { AuthProvider } from './auth-context.tsx';
import { LocaleProvider } from './i18n.tsx';
import { AppRouter } from './router.tsx';
import './app.css';

export function App() {
  return (
    <LocaleProvider>
      <AuthProvider>
        <AppRouter />
      </AuthProvider>
    </LocaleProvider>
  );
}
