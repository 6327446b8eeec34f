// Hardhat as a client of a CyberMiles node (test/hardhat.test.ts): the node at $CMT_RPC as a
// network, with Hardhat's own local accounts from the test mnemonic (Hardhat signs; the node sees
// eth_sendRawTransaction). Hardhat needs its config inside the project that installs it.
module.exports = {
  networks: {
    cybermiles: {
      url: process.env.CMT_RPC ?? "http://127.0.0.1:8545",
      chainId: 1818,
      accounts: { mnemonic: "test test test test test test test test test test test junk" },
    },
  },
};
