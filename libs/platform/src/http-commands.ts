import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, type CommandMetadata, type IntegrationEnvelope } from '@cp/contracts';
import type { AuthUser } from '@cp/auth';
import { currentContext } from '@cp/observability';
import { canonicalJson, type Idempotency } from '@cp/event-store';

/**
 * Command metadata for a request: a fresh command id, the correlation id of the request, the acting
 * user and the unit they act for, and the server's clock.
 */
export function commandMetadata(user: AuthUser, unit: string | null, now = new Date()): CommandMetadata {
  return {
    commandId: randomUUID(),
    correlationId: currentContext()?.correlationId ?? randomUUID(),
    causationId: null,
    actor: { id: user.sub, roles: user.roles, unit },
    now: now.toISOString(),
  };
}

/** `If-Match: "3"` → 3. Absent → undefined. Anything else is a client error that says what to send. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) {
    throw new DomainError(
      'REQUEST.INVALID_IF_MATCH',
      'If-Match must carry the version you last saw, as returned in the ETag header (e.g. "3").',
      'invalid',
    );
  }
  return Number(m[1]);
}

/**
 * `Idempotency-Key` scoped to the user and the action, so one user's key can never replay another's
 * result (or another record's), with a digest of the request so a reused key with a different body is
 * refused. Absent → undefined.
 */
export function idempotencyFor(
  header: string | undefined,
  user: AuthUser,
  action: string,
  request: unknown,
): Idempotency | undefined {
  if (header === undefined || header === '') return undefined;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(header)) {
    throw new DomainError(
      'REQUEST.INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 8 to 128 letters, digits or . _ : - (a UUID is best).',
      'invalid',
    );
  }
  const digest = (s: string) => createHash('sha256').update(s).digest('hex');
  return {
    key: digest(`${user.sub}\n${action}\n${header}`),
    fingerprint: digest(canonicalJson(request)),
  };
}

export const etag = (version: number): string => `"${version}"`;

/** A deterministic UUID (name-based, SHA-1, RFC 9562 v5 layout) so a redelivered message maps to the same id. */
export function uuidFromName(namespace: string, name: string): string {
  const h = createHash('sha1').update(namespace).update('\0').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Metadata for a command a consumer issues because of an integration event: the event is its cause and
 * its id the command id (so a redelivery is recognisably the same command), the correlation carries on.
 */
export function commandMetadataFromEvent(
  env: IntegrationEnvelope,
  actor: CommandMetadata['actor'] = env.actor,
  now: string = env.occurredAt,
): CommandMetadata {
  return { commandId: env.eventId, correlationId: env.correlationId, causationId: env.eventId, actor, now };
}

/** Headers of a command's response: the new version as ETag, where the record lives, and whether the
 * response replays an earlier one with the same Idempotency-Key. */
export function setCommandHeaders(
  res: { setHeader(name: string, value: string): void },
  version: number,
  opts: { location?: string; replayed?: boolean } = {},
): void {
  res.setHeader('ETag', etag(version));
  if (opts.location) res.setHeader('Location', opts.location);
  if (opts.replayed) res.setHeader('Idempotent-Replayed', 'true');
}

/** Who sends a command, with the request's headers and the response its ETag is set on. */
export type CommandCall = {
  user: AuthUser;
  headers: Record<string, string | undefined>;
  res: Parameters<typeof setCommandHeaders>[0];
};

/**
 * The caller, headers and response of a command in one parameter. A custom parameter leaves Nest answering
 * with the method's return value (only @Res/@Next hand the response over to the method).
 */
export const Call = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandCall => {
  const http = ctx.switchToHttp();
  const req = http.getRequest<{ user: AuthUser; headers: CommandCall['headers'] }>();
  return { user: req.user, headers: req.headers, res: http.getResponse<CommandCall['res']>() };
});

/**
 * What a command's request says about the write: the version the user saw (If-Match, 400 when it is not an
 * ETag) and the request's idempotency under `scope` (none without an Idempotency-Key).
 */
export const commandGuards = ({ user, headers }: CommandCall, scope: string, body: unknown) => ({
  expectedVersion: parseIfMatch(headers['if-match']),
  idempotency: idempotencyFor(headers['idempotency-key'], user, scope, body),
});
