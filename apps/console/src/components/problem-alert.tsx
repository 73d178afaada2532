import { useTranslation } from 'react-i18next';
import { asProblem, problemKey } from '../api/problems';
import { Notice } from './notice';

/** A service's refusal as one Vietnamese sentence (never its English detail or a bare code). */
export function useProblemMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => t(problemKey(asProblem(error), (k) => i18n.exists(k)));
}

export function ProblemAlert({ error }: { error: unknown }) {
  const message = useProblemMessage();
  if (!error) return null;
  return <Notice kind="error" title={message(error)} />;
}
