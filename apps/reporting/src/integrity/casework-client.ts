import { Inject, Injectable } from '@nestjs/common';
import { currentContext } from '@cp/observability';
import { CONFIG } from '@cp/platform';
import type { ReportingConfig } from '../config';
import type { BrokenReason, Link, SourceCheck } from './integrity-compare';

/**
 * Asks casework to verify a case's chain itself and to list what it stores (`?detail=events`). The
 * caller's own token is forwarded: casework applies its own authorization and records the read in its
 * access trail, so reporting never reads more through casework than the user could directly.
 */
@Injectable()
export class CaseworkClient {
  constructor(
    @Inject(CONFIG) private readonly config: Pick<ReportingConfig, 'caseworkUrl' | 'caseworkTimeoutMs'>,
  ) {}

  async caseIntegrity(caseId: string, authorization: string | undefined): Promise<SourceCheck> {
    const url = `${this.config.caseworkUrl}/api/v1/cases/${encodeURIComponent(caseId)}/integrity?detail=events`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    const correlationId = currentContext()?.correlationId;
    if (correlationId) headers['x-correlation-id'] = correlationId;
    let status: number;
    let body: unknown;
    try {
      // The timeout covers the body too: a casework that accepts the connection and then hangs is unreachable.
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(this.config.caseworkTimeoutMs) });
      status = res.status;
      body = await res.json().catch(() => null);
    } catch (err) {
      return { kind: 'unreachable', error: this.describe(err) };
    }
    if (status === 404) return { kind: 'not_found' };
    if (status !== 200) {
      const problem = (body ?? {}) as { code?: string; detail?: string };
      return { kind: 'refused', status, error: problem.detail ?? problem.code ?? 'no problem details' };
    }
    return parseAnswer(body);
  }

  private describe(err: unknown): string {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return `no answer from ${this.config.caseworkUrl} within ${this.config.caseworkTimeoutMs} ms`;
    }
    const cause = e?.cause?.code ?? e?.cause?.message;
    return `${this.config.caseworkUrl} did not answer: ${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
  }
}

/** casework's answer as the comparison needs it; an answer without the stored chain cannot be compared. */
export function parseAnswer(body: unknown): SourceCheck {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.ok !== 'boolean' || !Array.isArray(b.chain)) {
    return {
      kind: 'refused',
      status: 200,
      error: 'casework did not list the stored events (an older casework without ?detail=events)',
    };
  }
  const chain: Link[] = (b.chain as Array<Record<string, unknown>>).map((l) => ({
    version: Number(l.version),
    eventId: String(l.eventId),
    hash: String(l.hash),
    prevHash: String(l.prevHash),
  }));
  const broken = b.firstBroken as
    { streamVersion: number; eventId: string | null; reason: BrokenReason } | undefined;
  return {
    kind: 'answered',
    streamId: String(b.streamId),
    ok: b.ok,
    events: Number(b.events),
    headHash: typeof b.headHash === 'string' ? b.headHash : null,
    firstBroken: broken
      ? {
          streamVersion: Number(broken.streamVersion),
          eventId: broken.eventId ?? null,
          reason: broken.reason,
        }
      : null,
    chain,
  };
}
