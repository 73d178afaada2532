import { lazy, Suspense, useEffect } from 'react';
import type { CommuneValue } from './commune-select';

const load = () => import('./commune-select');
const CommuneSelect = lazy(async () => ({ default: (await load()).CommuneSelect }));

/**
 * The commune typeahead, loaded just after the screen shows (it is the heaviest control: a combobox that
 * searches as one types). Until then a disabled field of the same size stands in its place.
 */
export function CommuneField(props: {
  id?: string;
  value?: CommuneValue;
  onChange?: (v: CommuneValue | undefined) => void;
  'aria-label'?: string;
}) {
  useEffect(() => {
    void load();
  }, []);
  return (
    <Suspense fallback={<input className="native-select" disabled aria-label={props['aria-label']} />}>
      <CommuneSelect {...props} />
    </Suspense>
  );
}
