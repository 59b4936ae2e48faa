/** A contact as read from an import file, before it is checked and matched against the team's data. */
export interface ContactDraft {
  /** Where it came from in the file (a CSV line, the n-th vCard), for the report. */
  line: number;
  name: string;
  emails: string[];
  phones: string[];
  title: string;
  company: string;
  tags: string[];
  /** Free text about the person (a vCard NOTE, a "Notes" column): becomes a note on the contact. */
  note: string;
}
