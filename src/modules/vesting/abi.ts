/** ABI of the vesting module (contracts/IVesting.sol). */
export const vestingAbi = [
  {
    type: "function",
    name: "vested",
    stateMutability: "view",
    inputs: [{ name: "beneficiary", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "releasable",
    stateMutability: "view",
    inputs: [{ name: "beneficiary", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "released",
    stateMutability: "view",
    inputs: [{ name: "beneficiary", type: "address" }],
    outputs: [{ name: "", type: "uint256" }],
  },
  {
    type: "function",
    name: "scheduleOf",
    stateMutability: "view",
    inputs: [{ name: "beneficiary", type: "address" }],
    outputs: [
      { name: "label", type: "string" },
      { name: "total", type: "uint256" },
      { name: "start", type: "uint64" },
      { name: "released", type: "uint256" },
      { name: "nextReleaseTime", type: "uint64" },
    ],
  },
  {
    type: "function",
    name: "release",
    stateMutability: "nonpayable",
    inputs: [],
    outputs: [{ name: "amount", type: "uint256" }],
  },
  {
    type: "event",
    name: "Released",
    inputs: [
      { name: "beneficiary", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "quartersVested", type: "uint256", indexed: false },
    ],
  },
] as const;
