/** ABI of the arbitration module (contracts/IArbitrator.sol). */
const caseId = { name: "caseId", type: "uint256" } as const;
const caseIdIndexed = { ...caseId, indexed: true } as const;
const arbiterIndexed = { name: "arbiter", type: "address", indexed: true } as const;
const profile = [
  { name: "categories", type: "string[]" },
  { name: "languages", type: "string[]" },
  { name: "contact", type: "string" },
] as const;

function call<N extends string, I extends ReadonlyArray<{ name: string; type: string }>>(
  name: N,
  inputs: I,
  payable = false,
) {
  return { type: "function", name, stateMutability: payable ? "payable" : "nonpayable", inputs, outputs: [] } as const;
}

export const arbitrationAbi = [
  // Arbiter registry.
  call("register", profile, true),
  call("updateArbiter", profile),
  call("addBond", [], true),
  call("requestWithdrawal", []),
  call("cancelWithdrawal", []),
  call("withdrawBond", []),
  // Cases.
  {
    type: "function",
    name: "bid",
    stateMutability: "nonpayable",
    inputs: [caseId, { name: "fee", type: "uint256" }, { name: "rulingPeriodMs", type: "uint64" }],
    outputs: [{ name: "bidId", type: "uint256" }],
  },
  call("acceptBid", [caseId, { name: "bidId", type: "uint256" }]),
  call("submitEvidence", [caseId, { name: "evidenceHash", type: "bytes32" }, { name: "uri", type: "string" }]),
  call("rule", [caseId, { name: "ruling", type: "uint8" }, { name: "payerShareBps", type: "uint256" }]),
  // Views.
  {
    type: "function",
    name: "getArbiter",
    stateMutability: "view",
    inputs: [{ name: "arbiter", type: "address" }],
    outputs: [
      {
        name: "info",
        type: "tuple",
        components: [
          { name: "bond", type: "uint256" },
          { name: "status", type: "uint8" },
          { name: "withdrawableAt", type: "uint64" },
          { name: "openCases", type: "uint256" },
          ...profile,
          { name: "registeredAt", type: "uint64" },
        ],
      },
    ],
  },
  {
    type: "function",
    name: "arbiterStats",
    stateMutability: "view",
    inputs: [{ name: "arbiter", type: "address" }],
    outputs: [
      { name: "cases", type: "uint256" },
      { name: "rulings", type: "uint256" },
      { name: "missedDeadlines", type: "uint256" },
    ],
  },
  {
    type: "function",
    name: "arbiters",
    stateMutability: "view",
    inputs: [
      { name: "from", type: "address" },
      { name: "limit", type: "uint256" },
    ],
    outputs: [{ name: "addresses", type: "address[]" }],
  },
  {
    type: "function",
    name: "getCase",
    stateMutability: "view",
    inputs: [caseId],
    outputs: [
      {
        name: "info",
        type: "tuple",
        components: [
          { name: "arbitrable", type: "string" },
          { name: "externalId", type: "uint256" },
          { name: "payer", type: "address" },
          { name: "payee", type: "address" },
          { name: "amount", type: "uint256" },
          { name: "deposit", type: "uint256" },
          { name: "category", type: "string" },
          { name: "state", type: "uint8" },
          { name: "round", type: "uint256" },
          { name: "windowEnds", type: "uint64" },
          { name: "reopened", type: "bool" },
          { name: "payerAcceptedBid", type: "uint256" },
          { name: "payeeAcceptedBid", type: "uint256" },
          { name: "arbiter", type: "address" },
          { name: "bidId", type: "uint256" },
          { name: "fee", type: "uint256" },
          { name: "rulingDeadline", type: "uint64" },
          { name: "ruling", type: "uint8" },
          { name: "payerShareBps", type: "uint256" },
          { name: "createdAt", type: "uint64" },
        ],
      },
    ],
  },
  {
    type: "function",
    name: "getBids",
    stateMutability: "view",
    inputs: [caseId],
    outputs: [
      {
        name: "bids",
        type: "tuple[]",
        components: [
          { name: "bidId", type: "uint256" },
          { name: "arbiter", type: "address" },
          { name: "fee", type: "uint256" },
          { name: "rulingPeriodMs", type: "uint64" },
          { name: "placedAt", type: "uint64" },
        ],
      },
    ],
  },
  {
    type: "function",
    name: "caseOf",
    stateMutability: "view",
    inputs: [
      { name: "arbitrable", type: "string" },
      { name: "externalId", type: "uint256" },
    ],
    outputs: [caseId],
  },
  {
    type: "function",
    name: "openCases",
    stateMutability: "view",
    inputs: [
      { name: "fromId", type: "uint256" },
      { name: "limit", type: "uint256" },
    ],
    outputs: [{ name: "ids", type: "uint256[]" }],
  },
  {
    type: "function",
    name: "isExcluded",
    stateMutability: "view",
    inputs: [caseId, { name: "arbiter", type: "address" }],
    outputs: [{ name: "excluded", type: "bool" }],
  },
  { type: "function", name: "nextCaseId", stateMutability: "view", inputs: [], outputs: [caseId] },
  {
    type: "function",
    name: "params",
    stateMutability: "view",
    inputs: [],
    outputs: [
      {
        name: "params",
        type: "tuple",
        components: [
          { name: "minBond", type: "uint256" },
          { name: "biddingWindowMs", type: "uint64" },
          { name: "maxRulingPeriodMs", type: "uint64" },
          { name: "missedDeadlineSlashBps", type: "uint256" },
          { name: "coolingPeriodMs", type: "uint64" },
          { name: "maxBidsPerCase", type: "uint256" },
        ],
      },
    ],
  },
  // Events.
  {
    type: "event",
    name: "ArbiterRegistered",
    inputs: [
      arbiterIndexed,
      { name: "bond", type: "uint256", indexed: false },
      ...profile.map((p) => ({ ...p, indexed: false }) as const),
    ],
  },
  {
    type: "event",
    name: "ArbiterUpdated",
    inputs: [arbiterIndexed, ...profile.map((p) => ({ ...p, indexed: false }) as const)],
  },
  {
    type: "event",
    name: "BondAdded",
    inputs: [
      arbiterIndexed,
      { name: "amount", type: "uint256", indexed: false },
      { name: "bond", type: "uint256", indexed: false },
    ],
  },
  {
    type: "event",
    name: "WithdrawalRequested",
    inputs: [arbiterIndexed, { name: "withdrawableAt", type: "uint64", indexed: false }],
  },
  { type: "event", name: "WithdrawalCancelled", inputs: [arbiterIndexed] },
  {
    type: "event",
    name: "BondWithdrawn",
    inputs: [arbiterIndexed, { name: "amount", type: "uint256", indexed: false }],
  },
  {
    type: "event",
    name: "BidPlaced",
    inputs: [
      caseIdIndexed,
      { name: "bidId", type: "uint256", indexed: true },
      arbiterIndexed,
      { name: "fee", type: "uint256", indexed: false },
      { name: "rulingPeriodMs", type: "uint64", indexed: false },
    ],
  },
  {
    type: "event",
    name: "BidAccepted",
    inputs: [
      caseIdIndexed,
      { name: "bidId", type: "uint256", indexed: true },
      { name: "party", type: "address", indexed: true },
    ],
  },
  {
    type: "event",
    name: "ArbiterAssigned",
    inputs: [
      caseIdIndexed,
      arbiterIndexed,
      { name: "bidId", type: "uint256", indexed: false },
      { name: "fee", type: "uint256", indexed: false },
      { name: "rulingDeadline", type: "uint64", indexed: false },
    ],
  },
  {
    // ERC-1497's Evidence, with the case as evidence group and the hash beside the URI.
    type: "event",
    name: "Evidence",
    inputs: [
      caseIdIndexed,
      { name: "party", type: "address", indexed: true },
      { name: "evidenceHash", type: "bytes32", indexed: false },
      { name: "uri", type: "string", indexed: false },
    ],
  },
  {
    // ERC-792's Ruling, with the payout the ruling means (rulingPayout).
    type: "event",
    name: "Ruling",
    inputs: [
      caseIdIndexed,
      arbiterIndexed,
      { name: "ruling", type: "uint8", indexed: false },
      { name: "payerShareBps", type: "uint256", indexed: false },
      { name: "fee", type: "uint256", indexed: false },
      { name: "toPayer", type: "uint256", indexed: false },
      { name: "toPayee", type: "uint256", indexed: false },
    ],
  },
  // Emitted only by end-block deadlines: block logs (src/rpc/README.md).
  {
    type: "event",
    name: "BiddingReopened",
    inputs: [
      caseIdIndexed,
      { name: "round", type: "uint256", indexed: false },
      { name: "windowEnds", type: "uint64", indexed: false },
    ],
  },
  {
    type: "event",
    name: "DeadlineMissed",
    inputs: [
      caseIdIndexed,
      arbiterIndexed,
      { name: "slashed", type: "uint256", indexed: false },
      { name: "toPayer", type: "uint256", indexed: false },
      { name: "toPayee", type: "uint256", indexed: false },
    ],
  },
  { type: "event", name: "CaseAbandoned", inputs: [caseIdIndexed] },
] as const;
