import type { ReactNode } from 'react';

/**
 * A message in the page: an error (role=alert, announced at once) or a status (announced politely).
 * Plain markup rather than the component library's Alert: it is on the call screen's first load.
 */
export function Notice(props: {
  kind: 'error' | 'success' | 'warning' | 'info';
  title: ReactNode;
  children?: ReactNode;
  onClose?: () => void;
  closeLabel?: string;
}) {
  return (
    <div className={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <div className="notice-body">
        <strong>{props.title}</strong>
        {props.children}
      </div>
      {props.onClose && (
        <button type="button" className="notice-close" onClick={props.onClose} aria-label={props.closeLabel}>
          ×
        </button>
      )}
    </div>
  );
}

/** While a screen's code or data loads. */
export function Loading({ label }: { label: string }) {
  return (
    <p role="status" className="muted">
      {label}
    </p>
  );
}
