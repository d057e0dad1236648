/**
 * Text PostgreSQL cannot store: the NUL character (not in `text`), and UTF-16
 * surrogates that are not in pairs (JSON may escape them, but they are no
 * Unicode character, and `jsonb` refuses them). Input with either is refused
 * at the door as the client's error.
 */
export const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
