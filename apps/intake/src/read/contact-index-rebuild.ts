import { Injectable } from '@nestjs/common';
import { EventStore, PersonalDataVault, load } from '@cp/event-store';
import { contactDecider } from '../domain/contact.decider';
import { CONTACT_STREAM } from '../write/contact-stream';
import { contactIndexUpsert } from './contact-index';

/** The contact index is derived data: it can always be made again from the events. */
@Injectable()
export class ContactIndexRebuild {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * Recreates the contact index from the events (derived data): after a restore, or for contacts
   * recorded before the index existed. Who recorded and who referred come from the events' metadata.
   */
  async rebuild(onlyIfEmpty = true): Promise<number> {
    if (onlyIfEmpty) {
      const [{ n }]: Array<{ n: number }> = await this.store.sql.query(
        `SELECT count(*)::int AS n FROM in_contacts`,
      );
      if (n > 0) return 0;
    }
    const streams: Array<{ stream_id: string }> = await this.store.sql.query(
      `SELECT DISTINCT stream_id FROM es_events WHERE stream_type = $1`,
      [CONTACT_STREAM],
    );
    const now = new Date().toISOString();
    for (const { stream_id } of streams) {
      const loaded = await load(this.store, contactDecider, stream_id);
      if (!loaded.state.contact) continue;
      const actor = (type: string) => loaded.events.find((e) => e.type === type)?.metadata.actorId;
      const { sql, params } = await contactIndexUpsert(
        this.vault,
        this.store.sql,
        loaded.state.contact.contactId,
        loaded.state,
        loaded.version,
        now,
        { recordedBy: actor('ContactRecorded'), referredBy: actor('ReportReferred') },
        false,
      );
      await this.store.sql.query(sql, params);
    }
    return streams.length;
  }
}
