import { z } from "zod";
import { keccak256 } from "../../crypto/index.js";
import { toHex, toQuantity } from "../../lib/index.js";
import { serverError } from "../errors.js";
import { zAddress, zData } from "../params/index.js";
import { type Method, method } from "./method.js";

/** Identity of the node and chain, and the answers of a node that neither mines nor holds keys. */
export const nodeMethods: Record<string, Method> = {
  web3_clientVersion: method([], (_, { backend }) => backend.clientVersion),
  web3_sha3: method([zData], ([data]) => toHex(keccak256(data))),
  net_version: method([], (_, { backend }) => backend.chainId.toString(10)),
  net_listening: method([], () => true),
  net_peerCount: method([], (_, { backend }) => toQuantity(backend.peerCount?.() ?? 0)),
  eth_chainId: method([], (_, { backend }) => toQuantity(backend.chainId)),
  eth_blockNumber: method([], (_, { backend }) => toQuantity(backend.headHeight())),
  // A BFT node that has a head is in sync; catching up is done before the RPC opens.
  eth_syncing: method([], () => false),
  eth_accounts: method([], () => []),
  eth_mining: method([], () => false),
  eth_hashrate: method([], () => "0x0"),
  // The node holds no user keys: geth without unlocked accounts answers the same.
  eth_sendTransaction: method([z.unknown()], () => {
    throw serverError("unknown account");
  }),
  eth_sign: method([zAddress, z.unknown()], () => {
    throw serverError("unknown account");
  }),
};
