// A test chain (test/harness.ts: real LMDB in a temp dir) whose module list is the node's with
// some modules replaced by address (escrow rebuilt with a test arbitrator). Also: the narrow
// ArbitratorPort stand-in and a toy arbitration module that rules through escrowArbitrable.
import { openTestChain, type TestChain } from "../../../test/harness.js";
import type { GenesisDoc, ModuleContext, ModuleDescriptor } from "../../state/index.js";
import type { BankKeeper } from "../bank/index.js";
import type { ArbitratorPort, DisputeRequest, RulingKind } from "../dispute-port.js";
import { escrowArbitrable } from "./arbitrable.js";

/** The part of test/harness.ts's TestChain these tests use. */
export type ModuleChain = TestChain & { dir: string };

/** Open a chain with the node's modules, `replace` taking the place of those at the same address. */
export function openChainWith(genesis: GenesisDoc, replace: ModuleDescriptor[]): ModuleChain {
  return openTestChain(genesis, undefined, replace);
}

/** ArbitratorPort stand-in: records each request and answers case ids 1, 2, 3, ... */
export function recordingArbitrator(): ArbitratorPort & { requests: Array<DisputeRequest & { caseId: bigint }> } {
  const requests: Array<DisputeRequest & { caseId: bigint }> = [];
  return {
    requests,
    createDispute(_ctx: ModuleContext, req: DisputeRequest): bigint {
      const caseId = BigInt(requests.length + 1);
      requests.push({ ...req, caseId });
      return caseId;
    },
  };
}

const toyAbi = [
  {
    type: "function",
    name: "rule",
    stateMutability: "nonpayable",
    inputs: [
      { name: "id", type: "uint256" },
      { name: "kind", type: "uint8" },
      { name: "payerShareBps", type: "uint256" },
      { name: "fee", type: "uint256" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "abandon",
    stateMutability: "nonpayable",
    inputs: [{ name: "id", type: "uint256" }],
    outputs: [],
  },
] as const;

/** Stand-in for the arbitration module: its sender acts as arbiter and rules through escrowArbitrable. */
export function toyArbitration(bank: BankKeeper): ModuleDescriptor & { abi: typeof toyAbi } {
  const escrow = escrowArbitrable(bank);
  return {
    name: "toyarbitration",
    address: "0x0000000000000000000000000000000000001ffe",
    abi: toyAbi,
    queries: {},
    calls: {
      rule: (ctx, [id, kind, payerShareBps, fee]) =>
        escrow.rule(
          ctx,
          id as bigint,
          { kind: Number(kind) as RulingKind, payerShareBps: payerShareBps as bigint },
          ctx.sender,
          fee as bigint,
        ),
      abandon: (ctx, [id]) => escrow.abandon(ctx, id as bigint),
    },
  };
}
