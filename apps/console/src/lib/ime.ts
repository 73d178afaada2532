/**
 * Vietnamese is typed with Telex or VNI: the input method composes "as" → "á" and "d9" → "đ" through
 * composition events, and the keys of a composition (Enter to commit, letters, digits) arrive as keydown
 * events too. A key pressed while composing belongs to the input method: it must never fire a shortcut,
 * submit a form or pick a typeahead option. Browsers mark it with `isComposing` (and the legacy keyCode 229).
 */
export function isComposing(event: {
  isComposing?: boolean;
  keyCode?: number;
  nativeEvent?: unknown;
}): boolean {
  const native = (event.nativeEvent ?? event) as { isComposing?: boolean; keyCode?: number };
  return native.isComposing === true || native.keyCode === 229 || event.keyCode === 229;
}
