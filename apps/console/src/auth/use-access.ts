import { useMemo } from 'react';
import { useAuth } from 'react-oidc-context';
import { accessFrom, type Access } from './access';

/** The signed-in user's roles and units, from the current access token. */
export function useAccess(): Access & { name: string } {
  const auth = useAuth();
  const token = auth.user?.access_token;
  const profile = auth.user?.profile;
  return useMemo(() => {
    const access = accessFrom(token);
    // Vietnamese names are written family name first ("Nguyễn Thị Lan"), whatever order `name` uses.
    const family = profile?.family_name;
    const given = profile?.given_name;
    const name =
      family && given
        ? `${family} ${given}`
        : String(profile?.name ?? profile?.preferred_username ?? access.sub);
    return { ...access, name };
  }, [token, profile]);
}
