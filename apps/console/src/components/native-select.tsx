import type { CSSProperties } from 'react';

/**
 * A plain <select> for a short list (channel, sex, relation…): the browser's own control, quick from the
 * keyboard (type the first letters) and light on the call screen's first load. It works inside antd's
 * Form.Item like any input (value / onChange / id).
 */
export function NativeSelect(props: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  options: Array<{ value: string; label: string }>;
  placeholder?: string;
  allowClear?: boolean;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
  style?: CSSProperties;
}) {
  return (
    <select
      id={props.id}
      className="native-select"
      value={props.value ?? ''}
      aria-invalid={props['aria-invalid']}
      aria-describedby={props['aria-describedby']}
      style={props.style}
      onChange={(e) => props.onChange?.(e.target.value === '' ? undefined : e.target.value)}
    >
      {(props.allowClear || props.value === undefined) && <option value="">{props.placeholder ?? ''}</option>}
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
