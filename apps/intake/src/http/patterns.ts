/** A commune of the 2025 list of administrative units: five digits. */
export const COMMUNE = /^\d{5}$/;

/** A phone number as typed: digits, +, spaces, brackets and dashes. */
export const PHONE = /^[0-9+ ()-]{3,20}$/;
