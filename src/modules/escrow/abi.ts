/** ABI of the escrow module (contracts/IEscrow.sol). */
const id = { name: "id", type: "uint256" } as const;
const caseId = { name: "caseId", type: "uint256" } as const;

function tx<N extends string>(name: N, payable: boolean) {
  return {
    type: "function",
    name,
    stateMutability: payable ? "payable" : "nonpayable",
    inputs: [id],
    outputs: [],
  } as const;
}

function event<N extends string, const I extends ReadonlyArray<{ name: string; type: string; indexed: boolean }>>(
  name: N,
  inputs: I,
) {
  return { type: "event", name, inputs: [{ ...id, indexed: true }, ...inputs] } as const;
}

/** The record `getEscrow` returns (struct IEscrow.Escrow). */
export const escrowTuple = {
  name: "escrow",
  type: "tuple",
  components: [
    { name: "payer", type: "address" },
    { name: "payee", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "deposit", type: "uint256" },
    { name: "inspectionWindowMs", type: "uint64" },
    { name: "fundBy", type: "uint64" },
    { name: "shipWindowMs", type: "uint64" },
    { name: "shipBy", type: "uint64" },
    { name: "carriers", type: "address[]" },
    { name: "state", type: "uint8" },
    { name: "openedAt", type: "uint64" },
    { name: "inspectionEnds", type: "uint64" },
    { name: "trackingHash", type: "bytes32" },
    { name: "controller", type: "string" },
    { name: "caseId", type: "uint256" },
    { name: "category", type: "string" },
  ],
} as const;

export const escrowAbi = [
  {
    type: "function",
    name: "open",
    stateMutability: "payable",
    inputs: [
      { name: "payee", type: "address" },
      { name: "amount", type: "uint256" },
      { name: "deposit", type: "uint256" },
      { name: "inspectionWindowMs", type: "uint64" },
      { name: "fundBy", type: "uint64" },
      { name: "shipWindowMs", type: "uint64" },
      { name: "carriers", type: "address[]" },
    ],
    outputs: [id],
  },
  tx("fund", true),
  tx("acceptEscrow", true),
  tx("cancel", false),
  tx("decline", false),
  {
    type: "function",
    name: "ship",
    stateMutability: "nonpayable",
    inputs: [id, { name: "trackingHash", type: "bytes32" }],
    outputs: [],
  },
  tx("confirmDelivery", false),
  tx("accept", false),
  tx("refund", false),
  { type: "function", name: "reject", stateMutability: "nonpayable", inputs: [id], outputs: [caseId] },
  { type: "function", name: "dispute", stateMutability: "nonpayable", inputs: [id], outputs: [caseId] },
  { type: "function", name: "getEscrow", stateMutability: "view", inputs: [id], outputs: [escrowTuple] },
  {
    type: "function",
    name: "escrowsOf",
    stateMutability: "view",
    inputs: [
      { name: "party", type: "address" },
      { name: "fromId", type: "uint256" },
      { name: "limit", type: "uint256" },
    ],
    outputs: [{ name: "ids", type: "uint256[]" }],
  },
  { type: "function", name: "nextId", stateMutability: "view", inputs: [], outputs: [id] },
  event("Opened", [
    { name: "payer", type: "address", indexed: true },
    { name: "payee", type: "address", indexed: true },
    { name: "amount", type: "uint256", indexed: false },
    { name: "deposit", type: "uint256", indexed: false },
    { name: "fundBy", type: "uint64", indexed: false },
  ]),
  event("Funded", [{ name: "payee", type: "address", indexed: true }]),
  event("Cancelled", []),
  event("Declined", []),
  event("Shipped", [{ name: "trackingHash", type: "bytes32", indexed: false }]),
  event("DeliveryConfirmed", [
    { name: "by", type: "address", indexed: true },
    { name: "inspectionEnds", type: "uint64", indexed: false },
  ]),
  event("Released", [{ name: "payee", type: "address", indexed: true }]),
  event("Refunded", []),
  event("Disputed", [
    { name: "by", type: "address", indexed: true },
    { name: "caseId", type: "uint256", indexed: false },
  ]),
  event("Expired", []),
  event("Lapsed", []),
] as const;
