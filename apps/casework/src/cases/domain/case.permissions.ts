// STEP_RULES lives in apps/casework/src/domain/case.permissions.ts; this path is kept for the access-matrix
// spec of libs/auth, which imports it by relative path, until that spec imports the new one.
export { STEP_RULES } from '../../domain/case.permissions';
