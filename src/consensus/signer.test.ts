import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keccak256 } from "../crypto/index.js";
import { fromHex, toHex, utf8 } from "../lib/index.js";
import { voteSigner } from "../types/index.js";
import { PrivValidator, PrivValidatorError } from "./signer.js";

const CHAIN = 7n;
const key = fromHex(`0x${"11".repeat(32)}`);
const A = toHex(keccak256(utf8("a")));
const B = toHex(keccak256(utf8("b")));
const dirs: string[] = [];
function statePath(): string {
  const dir = mkdtempSync(join(tmpdir(), "cmt-signer-"));
  dirs.push(dir);
  return join(dir, "priv_validator_state.json");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const open = (path: string) => PrivValidator.open({ privateKey: key, statePath: path, chainId: CHAIN });
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof PrivValidatorError ? err.code : "other error";
  }
  return "signed";
};

describe("PrivValidator (signing guard)", () => {
  it("signs votes in (height, round, step) order and refuses a different vote for a signed step", () => {
    const pv = open(statePath());
    const v = pv.signVote({ type: "prevote", height: 3, round: 0, value: A });
    expect(voteSigner(v, CHAIN)).toBe(pv.address);
    // Identical message: the same signature again (a WAL replay).
    expect(pv.signVote({ type: "prevote", height: 3, round: 0, value: A }).signature).toEqual(v.signature);
    expect(refused(() => pv.signVote({ type: "prevote", height: 3, round: 0, value: B }))).toBe("DOUBLE_SIGN_REFUSED");
    expect(refused(() => pv.signVote({ type: "prevote", height: 3, round: 0, value: null }))).toBe(
      "DOUBLE_SIGN_REFUSED",
    );
    expect(refused(() => pv.signVote({ type: "precommit", height: 3, round: 0, value: A }))).toBe("signed");
    // Going back: an earlier step, round or height.
    expect(refused(() => pv.signVote({ type: "prevote", height: 3, round: 0, value: A }))).toBe("DOUBLE_SIGN_REFUSED");
    expect(
      refused(() => pv.signProposal({ height: 3, round: 0, validRound: -1, blockHash: A, block: utf8("x") })),
    ).toBe("DOUBLE_SIGN_REFUSED");
    expect(refused(() => pv.signVote({ type: "prevote", height: 2, round: 5, value: A }))).toBe("DOUBLE_SIGN_REFUSED");
    expect(refused(() => pv.signVote({ type: "prevote", height: 3, round: 1, value: B }))).toBe("signed");
  });

  it("remembers across restarts: the state file is written before the signature is returned", () => {
    const path = statePath();
    const first = open(path);
    const p = first.signProposal({ height: 9, round: 2, validRound: -1, blockHash: A, block: utf8("block A") });
    const saved = JSON.parse(readFileSync(path, "utf8"));
    expect(saved).toMatchObject({ height: 9, round: 2, step: "propose", signature: toHex(p.signature) });
    const restarted = open(path);
    expect(restarted.lastSigned).toMatchObject({ height: 9, round: 2, step: "propose" });
    // Another block for the same round after a restart: refused; the same one: same signature.
    expect(
      refused(() =>
        restarted.signProposal({ height: 9, round: 2, validRound: -1, blockHash: B, block: utf8("block B") }),
      ),
    ).toBe("DOUBLE_SIGN_REFUSED");
    const again = restarted.signProposal({ height: 9, round: 2, validRound: -1, blockHash: A, block: utf8("block A") });
    expect(again.signature).toEqual(p.signature);
  });

  it("refuses to start on a corrupt state file rather than guessing", () => {
    const path = statePath();
    writeFileSync(path, "{ not json");
    expect(refused(() => open(path))).toBe("SIGN_STATE_INVALID");
    writeFileSync(path, JSON.stringify({ height: "1" }));
    expect(refused(() => open(path))).toBe("SIGN_STATE_INVALID");
  });
});
