import { utf8 } from "../../lib/index.js";
import { ArbitrationErrorCode, refuse } from "./errors.js";

/** Bounds of an arbiter's profile: they keep the record, and every read of it, small. */
export const MAX_TAGS = 16;
export const MAX_TAG_BYTES = 64;
export const MAX_CONTACT_BYTES = 256;

export interface Profile {
  categories: string[];
  languages: string[];
  contact: string;
}

function tags(list: readonly string[], what: string): string[] {
  if (list.length > MAX_TAGS) throw refuse(ArbitrationErrorCode.InvalidProfile, `at most ${MAX_TAGS} ${what}`);
  for (const t of list) {
    const n = utf8(t).length;
    if (n === 0 || n > MAX_TAG_BYTES) {
      throw refuse(ArbitrationErrorCode.InvalidProfile, `each of the ${what} must be 1 to ${MAX_TAG_BYTES} bytes`);
    }
  }
  if (new Set(list).size !== list.length) throw refuse(ArbitrationErrorCode.InvalidProfile, `duplicate ${what}`);
  return [...list];
}

/** Check `register`/`updateArbiter` arguments. */
export function parseProfile(args: readonly unknown[]): Profile {
  const [categories, languages, contact] = args as [readonly string[], readonly string[], string];
  if (utf8(contact).length > MAX_CONTACT_BYTES) {
    throw refuse(ArbitrationErrorCode.InvalidProfile, `contact is at most ${MAX_CONTACT_BYTES} bytes`);
  }
  return { categories: tags(categories, "categories"), languages: tags(languages, "languages"), contact };
}
