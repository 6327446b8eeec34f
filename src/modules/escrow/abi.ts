/** ABI of the escrow module (contracts/IEscrow.sol). */
const id = { name: "id", type: "uint256" } as const;

function tx<N extends string>(name: N, payable: boolean) {
  return {
    type: "function",
    name,
    stateMutability: payable ? "payable" : "nonpayable",
    inputs: [id],
    outputs: [],
  } as const;
}

function event<N extends string>(name: N, inputs: ReadonlyArray<{ name: string; type: string; indexed: boolean }>) {
  return { type: "event", name, inputs: [{ ...id, indexed: true }, ...inputs] } as const;
}

/** Logged by the module that calls `EscrowKeeper.resolve` (arbitration): add it to that ABI. */
export const escrowResolvedEvent = event("Resolved", [
  { name: "ruling", type: "uint8", indexed: false },
  { name: "toPayer", type: "uint256", indexed: false },
  { name: "toPayee", type: "uint256", indexed: false },
  { name: "toArbiter", type: "uint256", indexed: false },
]);

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
      { name: "deliveryDeadline", type: "uint64" },
      { name: "carriers", type: "address[]" },
    ],
    outputs: [id],
  },
  tx("fund", true),
  tx("acceptEscrow", true),
  tx("cancel", false),
  tx("decline", false),
  tx("confirmDelivery", false),
  tx("accept", false),
  tx("refund", false),
  tx("reject", false),
  tx("dispute", false),
  {
    type: "function",
    name: "getEscrow",
    stateMutability: "view",
    inputs: [id],
    outputs: [
      { name: "payer", type: "address" },
      { name: "payee", type: "address" },
      { name: "amount", type: "uint256" },
      { name: "deposit", type: "uint256" },
      { name: "inspectionWindowMs", type: "uint64" },
      { name: "deliveryDeadline", type: "uint64" },
      { name: "carriers", type: "address[]" },
      { name: "state", type: "uint8" },
      { name: "openedAt", type: "uint64" },
      { name: "inspectionEnds", type: "uint64" },
    ],
  },
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
    { name: "deliveryDeadline", type: "uint64", indexed: false },
  ]),
  event("Funded", [{ name: "payee", type: "address", indexed: true }]),
  event("Cancelled", []),
  event("Declined", []),
  event("DeliveryConfirmed", [
    { name: "by", type: "address", indexed: true },
    { name: "inspectionEnds", type: "uint64", indexed: false },
  ]),
  event("Released", [{ name: "payee", type: "address", indexed: true }]),
  event("Refunded", []),
  event("Disputed", [{ name: "by", type: "address", indexed: true }]),
  escrowResolvedEvent,
  event("Expired", []),
] as const;
