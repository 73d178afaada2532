/** A child as the duplicate search compares it: folded name, age, birth year, communes. */
export interface IndexedChild {
  childRef: string;
  name: string | null;
  ageYears: number | null;
  birthYear: number | null;
  residenceCommuneCode: string | null;
}
