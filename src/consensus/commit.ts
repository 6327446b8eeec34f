import type { Address, CommitCertificate } from "./types.js";
import type { ValidatorSet } from "./validator-set.js";

/** True when `c` holds precommits for its (height, round, value) from distinct validators with > 2/3 of the power. */
export function isValidCommit(set: ValidatorSet, c: CommitCertificate): boolean {
  const seen = new Set<Address>();
  let power = 0n;
  for (const v of c.commit) {
    if (v.type !== "precommit" || v.height !== c.height || v.round !== c.round || v.value !== c.value) return false;
    if (seen.has(v.validator)) return false;
    seen.add(v.validator);
    power += set.powerOf(v.validator);
  }
  return set.isQuorum(power);
}
