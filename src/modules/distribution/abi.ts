/** ABI of the distribution module (contracts/IDistribution.sol). */
export const distributionAbi = [
  {
    type: "function",
    name: "withdrawRewards",
    stateMutability: "nonpayable",
    inputs: [
      { name: "validator", type: "address" },
      { name: "restake", type: "bool" },
    ],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "function",
    name: "withdrawCommission",
    stateMutability: "nonpayable",
    inputs: [],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "function",
    name: "pendingRewards",
    stateMutability: "view",
    inputs: [
      { name: "validator", type: "address" },
      { name: "delegator", type: "address" },
    ],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "function",
    name: "pendingCommission",
    stateMutability: "view",
    inputs: [{ name: "validator", type: "address" }],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "function",
    name: "issuanceParams",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "genesisTime", type: "uint64" },
      { name: "yearMs", type: "uint64" },
      { name: "firstDecadeRateBps", type: "uint16" },
      { name: "rateAfterYearTenBps", type: "uint64" },
      { name: "supplyCap", type: "uint256" },
    ],
  },
  {
    type: "function",
    name: "annualProvision",
    stateMutability: "view",
    inputs: [],
    outputs: [
      { name: "year", type: "uint64" },
      { name: "rateBps", type: "uint64" },
      { name: "provision", type: "uint256" },
      { name: "accrued", type: "uint256" },
    ],
  },
  {
    type: "function",
    name: "undistributed",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "event",
    name: "RewardsWithdrawn",
    inputs: [
      { name: "delegator", type: "address", indexed: true },
      { name: "validator", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "restaked", type: "bool", indexed: false },
    ],
  },
  {
    type: "event",
    name: "CommissionWithdrawn",
    inputs: [
      { name: "validator", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
    ],
  },
] as const;
