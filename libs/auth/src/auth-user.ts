import type { Role } from '@cp/contracts';

/** The verified caller, from the bearer token's claims. */
export interface AuthUser {
  sub: string;
  name: string;
  roles: Role[];
  /** Administrative units the user acts for: commune (5 digits), province (2 digits) or VN. */
  units: string[];
}
