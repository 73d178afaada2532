import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, timeToDue } from '../../lib/dates';

/** Amber in the last half hour of a deadline. */
const AMBER_MINUTES = 30;

/** A deadline as the time left ("còn 1 giờ 20 phút"), amber when close, red and "trễ …" once missed. */
export function DueTag({ due }: { due: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  const left = timeToDue(due, now);
  const minutes = left.hours * 60 + left.minutes;
  const tone = left.overdue ? 'chip-red' : minutes <= AMBER_MINUTES ? 'chip-amber' : 'chip-blue';
  return (
    <span className={`chip ${tone}`} title={formatDateTime(due)}>
      {left.hours > 0
        ? t(left.overdue ? 'followUps.late' : 'followUps.left', { hours: left.hours, minutes: left.minutes })
        : left.minutes > 0
          ? t(left.overdue ? 'followUps.lateMinutes' : 'followUps.leftMinutes', { minutes: left.minutes })
          : t(left.overdue ? 'followUps.lateUnderMinute' : 'followUps.leftUnderMinute')}
    </span>
  );
}
