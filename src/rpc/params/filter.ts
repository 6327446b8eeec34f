import { z } from "zod";
import type { Address } from "../../crypto/index.js";
import type { Hex } from "../../lib/index.js";
import { type BlockTag, zBlockNumber } from "./block-tag.js";
import { zAddress, zHash } from "./hex.js";

/** Log filter criteria: one `null` topic position is a wildcard, an array position is an OR. */
export interface LogFilter {
  fromBlock: BlockTag | null;
  toBlock: BlockTag | null;
  blockHash: Hex | null;
  /** Empty: any address. */
  addresses: Address[];
  topics: Array<Hex[] | null>;
}

/** One topic position: null (any), a hash, or an OR-list of hashes (a null inside matches any). */
const zTopic = z.union(
  [
    z.null(),
    zHash.transform((h) => [h]),
    z.array(zHash.nullable()).transform((l) => (l.includes(null) ? null : (l as Hex[]))),
  ],
  { error: "invalid topic(s)" },
);

const zAddresses = z.union([zAddress.transform((a) => [a]), z.array(zAddress)], {
  error: "invalid address(es)",
});

/** Address/topics part, shared by eth_subscribe("logs"). */
const criteriaShape = {
  address: zAddresses.nullish(),
  topics: z.array(zTopic, { error: "invalid topic(s)" }).nullish(),
};

/** eth_getLogs / eth_newFilter criteria. */
export const zLogFilter = z
  .object(
    {
      ...criteriaShape,
      fromBlock: zBlockNumber.nullish(),
      toBlock: zBlockNumber.nullish(),
      blockHash: zHash.nullish(),
    },
    { error: "cannot unmarshal non-object into Go value of type filters.FilterCriteria" },
  )
  .transform((o, ctx): LogFilter => {
    if (o.blockHash != null && (o.fromBlock != null || o.toBlock != null)) {
      ctx.addIssue({
        code: "custom",
        message: "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other",
      });
      return z.NEVER;
    }
    return {
      fromBlock: o.fromBlock ?? null,
      toBlock: o.toBlock ?? null,
      blockHash: o.blockHash ?? null,
      addresses: o.address ?? [],
      topics: o.topics ?? [],
    };
  });

/** eth_subscribe("logs", {address, topics}) criteria. */
export const zLogSubscription = z
  .object(criteriaShape, { error: "cannot unmarshal non-object into Go value of type filters.FilterCriteria" })
  .transform(
    (o): LogFilter => ({
      fromBlock: null,
      toBlock: null,
      blockHash: null,
      addresses: o.address ?? [],
      topics: o.topics ?? [],
    }),
  );
