/**
 * A copy of `s` that shares no memory with the string it was cut from. In V8 a slice of
 * 13 characters or more is a view of its parent, which then lives as long as the slice
 * does: a piece of a note kept in a cache, or a key read from it, kept that whole
 * version of the note alive (a note of 60 KB edited in 40 places kept 40 versions).
 * A slice of a concatenation is a slice of its flattened copy, which is `s` alone.
 */
export function detached(s: string): string {
  return (" " + s).slice(1);
}
