/**
 * Folds Vietnamese text for matching: lower case, no diacritics, đ → d, single spaces.
 * `foldVietnamese("Nguyễn  Văn Đức") === "nguyen van duc"`. Done in code because neither
 * `unaccent` is available in PGlite nor does it fold đ.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
