import { toQuantity } from "../../lib/index.js";
import { decodeCommit, decodeEvidence } from "../../types/index.js";
import { blockOf } from "../blocks.js";
import { zAddress, zBlockNumber } from "../params/index.js";
import { type Method, method } from "./method.js";

/** The `cmt_` namespace: chain status and vesting, quantities in hex like the `eth_` ones. */
export const cmtMethods: Record<string, Method> = {
  cmt_status: method([], (_, { backend }) => {
    const s = backend.status();
    return {
      chainId: toQuantity(s.chainId),
      height: toQuantity(s.height),
      blockHash: s.blockHash,
      stateRoot: s.stateRoot,
      blockTime: toQuantity(s.blockTime),
      validators: s.validators.map((v) => ({ address: v.address, power: toQuantity(v.power) })),
      mempool: { pending: toQuantity(s.mempool.pending), queued: toQuantity(s.mempool.queued) },
      version: s.version,
    };
  }),
  /**
   * What consensus put in a block besides transactions: its proposer, the previous height's commit
   * certificate (round, block hash and the validators whose precommits it carries) and the
   * double-sign evidence it includes (the offender, the height, and both conflicting votes).
   */
  cmt_getBlockConsensus: method([zBlockNumber], ([tag], { backend }) => {
    const view = blockOf(backend, tag);
    if (view === null) return null;
    const { header, lastCommit, evidence } = view.block;
    const commit = lastCommit.length > 0 ? decodeCommit(lastCommit) : null;
    const vote = (v: { type: string; round: number; value: string | null }) => ({
      type: v.type,
      round: toQuantity(BigInt(v.round)),
      blockHash: v.value,
    });
    return {
      number: toQuantity(header.height),
      hash: view.hash,
      proposer: header.proposer,
      lastCommit:
        commit === null
          ? null
          : {
              height: toQuantity(BigInt(commit.height)),
              round: toQuantity(BigInt(commit.round)),
              blockHash: commit.blockHash,
              signers: commit.signatures.map((s) => s.validator),
            },
      evidence: evidence.map((raw) => {
        const e = decodeEvidence(raw);
        return {
          validator: e.first.validator,
          height: toQuantity(BigInt(e.first.height)),
          votes: [vote(e.first), vote(e.second)],
        };
      }),
    };
  }),
  cmt_vesting: method([zAddress], ([address], { backend }) => {
    const v = backend.vesting(address);
    if (v === null) return null;
    return {
      beneficiary: v.beneficiary,
      label: v.label,
      total: toQuantity(v.total),
      vested: toQuantity(v.vested),
      released: toQuantity(v.released),
      releasable: toQuantity(v.releasable),
      start: toQuantity(v.start),
      nextReleaseTime: v.nextReleaseTime === null ? null : toQuantity(v.nextReleaseTime),
    };
  }),
};
