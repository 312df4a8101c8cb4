/** One form for text and phrases alike, so that "Veloria–Norvania’s" finds "veloria norvania". */
export function searchForm(text: string): string {
  return (
    " " +
    text
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      .replace(/'s\b/g, "")
      .replace(/[^\p{L}\p{N}+%&]+/gu, " ")
      .trim() +
    " "
  );
}

export function containsPhrase(haystackSearchForm: string, phrase: string): boolean {
  const p = searchForm(phrase);
  return p.length > 2 && haystackSearchForm.includes(p);
}
