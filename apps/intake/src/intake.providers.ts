import { ContactCommands } from './http/contact-commands';
import { ContactReads } from './http/contact-http';
import { Jurisdiction } from './access/jurisdiction';
import { FollowUpWatcher } from './follow-up-watcher/follow-up-watcher';
import { CaseFeedbackConsumer } from './integration/case-feedback.consumer';
import { ContactIndexRebuild } from './read/contact-index-rebuild';
import { ContactReader } from './read/contact-reader';
import { CloseContactHandler } from './stages/closure/close-contact.command';
import { ClosureController } from './stages/closure/closure.controller';
import { EraseContactHandler } from './stages/erasure/erase-contact.command';
import { ErasureController } from './stages/erasure/erasure.controller';
import {
  RaiseFollowUpAlertHandler,
  RaiseForwardingAlertHandler,
} from './stages/follow-up/follow-up.commands';
import { FollowUpController } from './stages/follow-up/follow-up.controller';
import { ClockPoliciesHandler, FollowUpsHandler } from './stages/follow-up/follow-up.queries';
import { RecordContactHandler } from './stages/record-contact/record-contact.command';
import { RecordContactController } from './stages/record-contact/record-contact.controller';
import { LinkReportToCaseHandler, ReferReportHandler } from './stages/referral/referral.commands';
import { ReferralController } from './stages/referral/referral.controller';
import { DuplicateSearch } from './stages/search-and-duplicates/duplicate-search';
import { SearchController } from './stages/search-and-duplicates/search.controller';
import {
  DraftDuplicatesHandler,
  ListContactsHandler,
  PossibleDuplicatesHandler,
} from './stages/search-and-duplicates/search.queries';
import { ContactIntegrityHandler, GetContactHandler } from './stages/view-contact/view-contact.queries';
import { ViewContactController } from './stages/view-contact/view-contact.controller';
import { ClockPolicies } from './write/clock-policies';
import { ContactWriter } from './write/contact-writer';

/** The contacts' HTTP API: one controller per stage of the hotline's work, each sending on the buses. */
export const CONTACT_CONTROLLERS = [
  RecordContactController,
  ViewContactController,
  SearchController,
  ReferralController,
  ClosureController,
  ErasureController,
  FollowUpController,
];

/** What the controllers need beyond the buses: the access trail of what they answer, a contact's commands sent. */
export const CONTACT_HTTP_PROVIDERS = [ContactReads, ContactCommands];

/** One handler per command and per query. */
export const CONTACT_HANDLERS = [
  RecordContactHandler,
  ReferReportHandler,
  LinkReportToCaseHandler,
  CloseContactHandler,
  EraseContactHandler,
  RaiseForwardingAlertHandler,
  RaiseFollowUpAlertHandler,
  GetContactHandler,
  ContactIntegrityHandler,
  ListContactsHandler,
  PossibleDuplicatesHandler,
  DraftDuplicatesHandler,
  FollowUpsHandler,
  ClockPoliciesHandler,
];

/** The rooms around the stages: write path, read path, access rules, the broker, the watcher. */
export const CONTACT_PROVIDERS = [
  ...CONTACT_HANDLERS,
  ContactWriter,
  ClockPolicies,
  ContactReader,
  ContactIndexRebuild,
  DuplicateSearch,
  Jurisdiction,
  CaseFeedbackConsumer,
  FollowUpWatcher,
];
