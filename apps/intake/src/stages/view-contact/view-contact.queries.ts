import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import type { EventStore } from '@cp/event-store';
import { ContactReader, type ContactWithRepeatCaller } from '../../read/contact-reader';

/** A contact as `user` may read it, with its referral, the case's state and the repeat caller. */
export class GetContactQuery extends Query<ContactWithRepeatCaller> {
  constructor(
    readonly user: AuthUser,
    readonly contactId: string,
  ) {
    super();
  }
}

/** The contact's hash chain and the keys of its personal data, verified. */
export class ContactIntegrityQuery extends Query<Awaited<ReturnType<EventStore['verifyStream']>>> {
  constructor(readonly contactId: string) {
    super();
  }
}

@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery> {
  constructor(private readonly reader: ContactReader) {}

  execute({ user, contactId }: GetContactQuery): Promise<ContactWithRepeatCaller> {
    return this.reader.getFor(user, contactId);
  }
}

@QueryHandler(ContactIntegrityQuery)
export class ContactIntegrityHandler implements IQueryHandler<ContactIntegrityQuery> {
  constructor(private readonly reader: ContactReader) {}

  execute({ contactId }: ContactIntegrityQuery) {
    return this.reader.integrity(contactId);
  }
}
