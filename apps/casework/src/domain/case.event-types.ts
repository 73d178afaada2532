import type { CaseEventType as ContractEventType } from '@cp/contracts';
import type { CaseEventType } from './case.events';

/**
 * The event union of the case and the list in libs/contracts (CASE_EVENT_TYPES) name the same types: an
 * event added to one and not the other does not compile. Tables keyed by event type use the list.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVENT_TYPES_MATCH_CONTRACT: Same<CaseEventType, ContractEventType> = true;
