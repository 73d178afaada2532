import { Inject, Injectable } from '@nestjs/common';
import {
  EventStore,
  PersonalDataVault,
  handleCommand,
  load,
  type Idempotency,
  type Loaded,
  type Sql,
} from '@cp/event-store';
import { sealReferralIdentity } from '@cp/messaging';
import { CONFIG } from '@cp/platform';
import type { IntakeConfig } from '../config';
import { contactDecider } from '../domain/contact.decider';
import type { ContactCommand } from '../domain/contact.commands';
import type { ContactState } from '../domain/contact.state';
import { CONTACT_STREAM, streamId } from './contact-stream';
import { contactMessages } from '../integration/contact-messages';
import { contactIndexUpsert } from '../read/contact-index';
import { toView, type ContactView } from '../read/contact-view';

/** What every command answers: the contact after it, whether it was a replay, how many events it added. */
export interface CommandOutcome {
  view: ContactView;
  replayed: boolean;
  appended: number;
}

export interface WriteOptions {
  expectedVersion?: number;
  idempotency?: Idempotency;
  /** The consumer's transaction (a broker message and what it causes commit together). */
  sql?: Sql;
  loaded?: Loaded<ContactState>;
  newSubjects?: string[];
}

/**
 * The write path of a contact: load its stream, decide, append the events with their outbox messages and
 * the contact index row in one statement, idempotently (docs/event-sourcing.md). Every command goes
 * through here, from HTTP, the broker or the follow-up watcher.
 */
@Injectable()
export class ContactWriter {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    @Inject(CONFIG) private readonly config: IntakeConfig,
  ) {}

  load(contactId: string, sql?: Sql): Promise<Loaded<ContactState>> {
    return load(this.store, contactDecider, streamId(contactId), sql ? { sql } : undefined);
  }

  async run(
    contactId: string,
    command: ContactCommand,
    opts: WriteOptions,
    actor: { recordedBy?: string; referredBy?: string } = {},
  ): Promise<CommandOutcome> {
    const handled = await handleCommand(this.store, contactDecider, streamId(contactId), command, {
      streamType: CONTACT_STREAM,
      ...opts,
      // The record's own id: a replay of a recording answers the contact first recorded.
      result: (state, version) => toView(state.contact?.contactId ?? contactId, state, version),
      toOutbox: (events, state, version) =>
        contactMessages(contactId, events, state, version, command.metadata, {
          sealIdentity: (referralId, identity) =>
            sealReferralIdentity(this.config.referralIdentityKeys, referralId, identity),
        }),
      alongside: (state, version, newKeys) =>
        contactIndexUpsert(
          this.vault,
          opts.sql ?? this.store.sql,
          contactId,
          state,
          version,
          command.metadata.now,
          actor,
          true,
          command.type === 'RecordContact' || command.type === 'ErasePersonalData',
          newKeys,
        ),
    });
    return { view: handled.result, replayed: handled.replayed, appended: handled.events.length };
  }
}
