import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { receivesReportsOnly } from '../../../auth/access';
import { useAccess } from '../../../auth/use-access';
import { Notice } from '../../../components/notice';
import { DraftVault, type DraftSummary } from '../../../drafts/draft-vault';
import { idbStorage } from '../../../drafts/idb-storage';
import { formatDateTime } from '../../../lib/dates';
import { newCall, type CallFormValues } from './call-form.model';
import { CallForm } from './call-form';

export function NewCallPage() {
  const { t } = useTranslation();
  const { sub, roles } = useAccess();
  // A commune or a provincial officer records a report received in person; the hotline, a call.
  const receiver = receivesReportsOnly(roles);
  const start = useCallback(() => newCall(new Date(), receiver ? 'in_person' : 'phone_111'), [receiver]);
  const vault = useMemo(() => new DraftVault(idbStorage, sub), [sub]);
  const [draftId, setDraftId] = useState<string>();
  const [initial, setInitial] = useState<CallFormValues>();
  const [pending, setPending] = useState<DraftSummary>();

  // A draft not yet recorded is offered first; otherwise a new call starts now.
  useEffect(() => {
    let live = true;
    void vault
      .list()
      .catch(() => [])
      .then((drafts) => {
        if (!live) return;
        if (drafts[0]) setPending(drafts[0]);
        else {
          setDraftId(crypto.randomUUID());
          setInitial(start());
        }
      });
    return () => {
      live = false;
    };
  }, [vault, start]);

  const resume = async (d: DraftSummary) => {
    const values = await vault.load<CallFormValues>(d.draftId);
    setPending(undefined);
    setDraftId(values ? d.draftId : crypto.randomUUID());
    setInitial(values ?? start());
  };
  const discard = async (d: DraftSummary) => {
    await vault.remove(d.draftId);
    setPending(undefined);
    setDraftId(crypto.randomUUID());
    setInitial(start());
  };

  return (
    <section aria-labelledby="call-title">
      {pending && (
        <Notice kind="warning" title={t('call.resumeTitle')}>
          <span>
            {t('call.resumeBody', { time: formatDateTime(new Date(pending.savedAt).toISOString()) })}
          </span>
          <div className="tags">
            <Button type="primary" onClick={() => void resume(pending)}>
              {t('call.resume')}
            </Button>
            <Button danger onClick={() => void discard(pending)}>
              {t('call.discard')}
            </Button>
          </div>
        </Notice>
      )}
      {draftId && initial && (
        <CallForm key={draftId} draftId={draftId} initial={initial} vault={vault} receiver={receiver} />
      )}
    </section>
  );
}
