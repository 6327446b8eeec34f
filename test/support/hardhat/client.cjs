// Run by test/hardhat.test.ts: `hardhat run --no-compile --network cybermiles client.cjs`. Drives the
// node through Hardhat's EIP-1193 provider the way a Hardhat script or plugin does, and prints what
// it saw as one JSON line.
const BANK = "0x0000000000000000000000000000000000001001";
const VESTING = "0x0000000000000000000000000000000000001002";
const TO = "0x00000000000000000000000000000000000c0ffe";
const word = (address) => address.slice(2).toLowerCase().padStart(64, "0");

async function receipt(p, hash) {
  for (;;) {
    const r = await p.request({ method: "eth_getTransactionReceipt", params: [hash] });
    if (r) return r;
    await new Promise((s) => setTimeout(s, 100));
  }
}

async function main() {
  const p = hre.network.provider;
  const accounts = await p.request({ method: "eth_accounts" });
  const from = accounts[1];
  const out = { chainId: await p.request({ method: "eth_chainId" }), from };
  // EIP-1559, fees and gas filled in by Hardhat from the node's answers.
  const h1 = await p.request({ method: "eth_sendTransaction", params: [{ from, to: TO, value: "0xde0b6b3a7640000" }] });
  const r1 = await receipt(p, h1);
  out.eip1559 = { status: r1.status, type: r1.type };
  // Legacy, with a gas price.
  const h2 = await p.request({
    method: "eth_sendTransaction",
    params: [{ from, to: TO, value: "0x1", gasPrice: "0x77359400" }],
  });
  const r2 = await receipt(p, h2);
  out.legacy = { status: r2.status, type: r2.type };
  out.balance = await p.request({ method: "eth_getBalance", params: [TO, "latest"] });
  // A module read through eth_call: bank.balanceOf(TO), at the head and at the first transfer's block.
  const balanceOf = { to: BANK, data: `0x70a08231${word(TO)}` };
  out.balanceOf = await p.request({ method: "eth_call", params: [balanceOf, "latest"] });
  out.balanceOfThen = await p.request({ method: "eth_call", params: [balanceOf, r1.blockNumber] });
  // A module call that reverts: Hardhat estimates gas first and reports the module's reason.
  try {
    await p.request({ method: "eth_sendTransaction", params: [{ from, to: VESTING, data: "0x86d1a69f" }] });
    out.revert = "sent";
  } catch (e) {
    out.revert = e.message;
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
