import { type Chain, defineChain } from "viem";

/** Chain id of `cybermiles devnet` (a development chain; never a real network). */
export const DEVNET_CHAIN_ID = 1818;

/** Chain id of the original CyberMiles mainnet, the default of `cybermiles genesis build`. */
export const MAINNET_CHAIN_ID = 18;

/** Target block interval in ms (DESIGN §4: ~1 s blocks); viem polls at half of it. */
const BLOCK_TIME_MS = 1000;

/** A viem chain definition for a CyberMiles network: native CMT with 18 decimals. */
export function cyberMilesChain(chainId: number, rpcUrl: string): Chain {
  const ws = rpcUrl.replace(/^http/, "ws");
  return defineChain({
    id: chainId,
    name: chainId === DEVNET_CHAIN_ID ? "CyberMiles devnet" : `CyberMiles (chain ${chainId})`,
    nativeCurrency: { name: "CyberMiles Token", symbol: "CMT", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl.replace(/^ws/, "http")], webSocket: [ws] } },
    blockTime: BLOCK_TIME_MS,
  });
}
