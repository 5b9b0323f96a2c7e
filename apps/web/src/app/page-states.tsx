import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { useT } from './i18n.tsx';

export function PageLoading() {
  const t = useT();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin description={t('web.app.loading')} />
    </div>
  );
}

type ResultName = 'NotFoundPage' | 'ForbiddenPage' | 'NoAccessPage' | 'PageErrorPage';

/** A result page from its own chunk, so the login page does not download antd Result. */
function lazyResult(name: ResultName) {
  const Page = lazy(() => import('./page-results.tsx').then((m) => ({ default: m[name] })));
  return function ResultPage() {
    return (
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    );
  };
}

export const NotFoundPage = lazyResult('NotFoundPage');
export const ForbiddenPage = lazyResult('ForbiddenPage');
export const NoAccessPage = lazyResult('NoAccessPage');
export const PageErrorPage = lazyResult('PageErrorPage');
