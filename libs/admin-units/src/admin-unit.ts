/**
 * Viet Nam's administrative units in force from 1 July 2025: 34 provinces and 3,321 communes, with the
 * statistics-office codes (2-digit province, 5-digit commune). The data (libs/admin-units/data) is the
 * official list of the 2025 reorganisation (National Assembly Resolution 202/2025/QH15 for the provinces,
 * the Standing Committee's resolutions for the communes), never invented.
 */
export interface AdminUnit {
  code: string;
  name: string;
  level: 'province' | 'commune';
  type: string;
  parent: string | null;
}
