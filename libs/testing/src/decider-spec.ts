import type { Decider, DomainEvent } from '@cp/contracts';

/**
 * given(events).when(command).then(events | error) for pure deciders.
 */
export function specFor<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return (given: E[]) => {
    const state = given.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when: (command: C) => {
        const run = () => decider.decide(command, state);
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenMatches: (matcher: (events: E[]) => void) => matcher(run()),
          thenThrows: (code: string, detailIncludes?: string) => {
            let caught: unknown;
            try {
              run();
            } catch (err) {
              caught = err;
            }
            expect(caught).toMatchObject({ code });
            if (detailIncludes) expect((caught as { detail: string }).detail).toContain(detailIncludes);
          },
        };
      },
    };
  };
}
