import { HttpCode, Injectable, Post, applyDecorators } from '@nestjs/common';
import { Command, CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, type ApiOperationOptions } from '@nestjs/swagger';
import { Roles, type AuthUser } from '@cp/auth';
import type { Role } from '@cp/contracts';
import type { CommandCall } from '@cp/platform';
import type { ContactView } from '../read/contact-view';
import type { CommandOutcome } from '../write/contact-writer';
import { ContactReads, contactGuards, operationId } from './contact-http';

/** The guards of a command on a contact: the version the user saw and the request's idempotency. */
export type ContactGuards = ReturnType<typeof contactGuards>;

/**
 * Everything a command on one contact declares: POST `contacts/:id/<step>`, its status, who may send it,
 * its operation in the OpenAPI document (its id from the method's name: operationId in contact-http.ts), If-Match
 * (with a description where the operation had one) and Idempotency-Key. Listed in the reverse of the order
 * they would be written above a method, so they apply in the same order and the document does not change.
 */
export const ContactCommandEndpoint =
  (
    route: { step: string; status: 200 | 201; roles: readonly Role[]; ifMatch?: string },
    operation: string | ApiOperationOptions,
  ): MethodDecorator =>
  (target, method, descriptor) =>
    applyDecorators(
      ApiHeader({ name: 'Idempotency-Key', required: false }),
      ApiHeader(
        route.ifMatch === undefined
          ? { name: 'If-Match', required: false }
          : { name: 'If-Match', required: false, description: route.ifMatch },
      ),
      ApiOperation({
        operationId: operationId(String(method)),
        ...(typeof operation === 'string' ? { summary: operation } : operation),
      }),
      Roles(...route.roles),
      HttpCode(route.status),
      Post(`contacts/:id/${route.step}`),
    )(target, method, descriptor);

/** A command on one contact made of the request: the user, the contact, the body and its guards. */
export type ContactCommandClass<D> = new (
  user: AuthUser,
  contactId: string,
  dto: D,
  expectedVersion: ContactGuards['expectedVersion'],
  idempotency: ContactGuards['idempotency'],
) => Command<CommandOutcome>;

/**
 * A command on one contact sent on the command bus: its If-Match and idempotency (scoped
 * `intake.<scope>:<contact id>`) read from the request first, then the command made with them, then the
 * contact answered (ContactReads.answer).
 */
@Injectable()
export class ContactCommands {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: ContactReads,
  ) {}

  /** Sends the command of class `Message` made of the request. */
  send<D>(call: CommandCall, scope: string, id: string, dto: D, Message: ContactCommandClass<D>) {
    return this.sendWith(
      call,
      scope,
      id,
      dto,
      ({ expectedVersion, idempotency }) => new Message(call.user, id, dto, expectedVersion, idempotency),
    );
  }

  /** Sends the command `make` builds with the request's guards. */
  async sendWith(
    call: CommandCall,
    scope: string,
    id: string,
    body: unknown,
    make: (guards: ContactGuards) => Command<CommandOutcome>,
  ): Promise<ContactView> {
    const outcome = await this.commands.execute(make(contactGuards(call, scope, id, body)));
    return this.reads.answer(call, outcome);
  }
}
