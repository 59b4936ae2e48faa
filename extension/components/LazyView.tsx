import { lazy, Suspense, type ComponentType } from 'react';
import { useT } from '../i18n/react';
import { ErrorLine } from './ErrorLine';

/**
 * A view whose code is read when it is first shown (or prefetched once the page has painted), so it
 * is not on the way to a page's first paint. If its code is gone (the extension was updated while
 * the page stayed open) the view says so in words and the rest of the page stays.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, Failed: ComponentType = ViewFailed) {
  let started: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () => {
    started ??= load().catch((error: unknown) => {
      started = null;
      throw error;
    });
    return started;
  };
  const Inner = lazy(() =>
    fetchOnce().then(
      (component) => ({ default: component }),
      () => ({ default: Failed as unknown as ComponentType<P> }),
    ),
  );
  function View(props: P) {
    return (
      <Suspense fallback={<Loading />}>
        <Inner {...props} />
      </Suspense>
    );
  }
  return Object.assign(View, { prefetch: () => void fetchOnce().catch(() => undefined) });
}

function Loading() {
  const { t } = useT();
  return <p className="muted">{t('common.loading')}</p>;
}

function ViewFailed() {
  const { t } = useT();
  return <ErrorLine message={t('common.viewFailed')} />;
}
