// Hardhat's node as the bench's comparison target (src/bench/hardhat-target.ts starts it with this
// config): chain 31337, the default accounts of the test mnemonic, interval mining every
// BENCH_HH_INTERVAL_MS (1 s) with automine off, and the same block gas limit as the devnet.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      mining: { auto: false, interval: Number(process.env.BENCH_HH_INTERVAL_MS ?? 1000) },
      blockGasLimit: Number(process.env.BENCH_HH_BLOCK_GAS_LIMIT ?? 30000000),
      initialBaseFeePerGas: 1000000000,
      loggingEnabled: false,
    },
  },
};
