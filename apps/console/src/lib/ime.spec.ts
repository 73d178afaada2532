import { isComposing } from './ime';

describe('a key pressed while an input method composes', () => {
  it('is recognised by isComposing on the native event (React) or the event itself', () => {
    expect(isComposing({ nativeEvent: { isComposing: true } })).toBe(true);
    expect(isComposing({ isComposing: true })).toBe(true);
  });
  it('is recognised by the legacy keyCode 229 some browsers send instead', () => {
    expect(isComposing({ nativeEvent: { keyCode: 229 } })).toBe(true);
  });
  it('is not a plain key press', () => {
    expect(isComposing({ nativeEvent: { isComposing: false, keyCode: 13 } })).toBe(false);
  });
});
