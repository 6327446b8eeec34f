// processProposal at the chain level: a block built by one node is re-executed and accepted by
// another with the same genesis, and every tampered field is refused before anything is written.
import { afterEach, describe, expect, it } from "vitest";
import { type Address, recoverAddress } from "../src/crypto/index.js";
import { type Block, compactSignature, decodeTx, WEI_PER_CMT } from "../src/types/index.js";
import { aliceAndBob, GENESIS_TIME, openTestChain, removeDir, type TestChain, testKey } from "./harness.js";

const { alice, bob, genesis } = aliceAndBob();

const open: Array<TestChain & { dir: string }> = [];
function chain(): TestChain & { dir: string } {
  const c = openTestChain(genesis);
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const c of open.splice(0)) {
    await c.close();
    removeDir(c.dir);
  }
});

function senders(block: Block) {
  return block.txs.map((raw) => {
    const tx = decodeTx(raw);
    return { tx, sender: recoverAddress(tx.signingHash, compactSignature(tx), tx.recid) as Address };
  });
}

function proposal(a: TestChain) {
  const txs = [1n, 2n, 3n].map((v) => a.sign(alice, { to: bob.address, value: v * WEI_PER_CMT }));
  const candidates = txs.map((t) => ({ tx: decodeTx(t.raw), sender: alice.address }));
  return a.chain.build(
    { time: GENESIS_TIME + 1000n, proposer: testKey(99).address, lastCommit: new Uint8Array(0), evidence: [] },
    candidates,
  );
}

describe("Chain.verify (processProposal)", () => {
  it("accepts another node's block and reaches the same state root and hash", () => {
    const a = chain();
    const b = chain();
    const built = proposal(a);
    const verified = b.chain.verify(built.block, senders(built.block));
    expect(verified.hash).toBe(built.hash);
    a.chain.commitPrepared(built);
    b.chain.commitPrepared(verified, new Uint8Array([1, 2, 3]));
    expect(b.chain.head().hash).toBe(a.chain.head().hash);
    expect(b.store.blockByHeight(1n)?.header.stateRoot).toBe(a.store.blockByHeight(1n)?.header.stateRoot);
    expect(b.store.commitOf(1n)).toEqual(new Uint8Array([1, 2, 3]));
    expect(a.store.commitOf(1n)).toBeNull();
  });

  it("refuses a block when the decoded transactions handed in are not the block's (txRoot)", () => {
    const a = chain();
    const b = chain();
    const built = proposal(a);
    const other = a.sign(alice, { to: bob.address, value: 7n });
    const txs = senders(built.block);
    txs[0] = { tx: decodeTx(other.raw), sender: alice.address };
    expect(() => b.chain.verify(built.block, txs)).toThrow(/txRoot|nonce/);
    expect(b.chain.head().height).toBe(0n);
  });

  const tampers: Array<[string, (b: Block) => Block, RegExp]> = [
    ["state root", (b) => ({ ...b, header: { ...b.header, stateRoot: `0x${"11".repeat(32)}` } }), /stateRoot/],
    ["time", (b) => ({ ...b, header: { ...b.header, time: GENESIS_TIME } }), /time/],
    ["parent", (b) => ({ ...b, header: { ...b.header, parentHash: `0x${"22".repeat(32)}` } }), /parent hash/],
    ["height", (b) => ({ ...b, header: { ...b.header, height: 2n } }), /height/],
    ["gas used", (b) => ({ ...b, header: { ...b.header, gasUsed: 1n } }), /gasUsed/],
    ["a dropped tx", (b) => ({ ...b, txs: b.txs.slice(1) }), /nonce too high|txRoot/],
    ["lastCommit", (b) => ({ ...b, lastCommit: new Uint8Array([9]) }), /lastCommitHash/],
    ["evidence", (b) => ({ ...b, evidence: [new Uint8Array([9])] }), /evidenceHash/],
  ];
  for (const [name, tamper, reason] of tampers) {
    it(`refuses a block with a wrong ${name} and writes nothing`, () => {
      const a = chain();
      const b = chain();
      const bad = tamper(proposal(a).block);
      expect(() => b.chain.verify(bad, senders(bad))).toThrow(reason);
      expect(b.chain.head().height).toBe(0n);
    });
  }
});
