/** ABI of the market module (contracts/IMarket.sol). */
const id = { name: "id", type: "uint256" } as const;
const orderId = { name: "orderId", type: "uint256" } as const;
const caseId = { name: "caseId", type: "uint256" } as const;
const cursor = { name: "cursor", type: "bytes" } as const;
const limit = { name: "limit", type: "uint256" } as const;
const pageOut = [
  { name: "ids", type: "uint256[]" },
  { name: "next", type: "bytes" },
] as const;

const termFields = [
  { name: "title", type: "string" },
  { name: "descriptionHash", type: "bytes32" },
  { name: "descriptionUri", type: "string" },
  { name: "category", type: "string" },
  { name: "tags", type: "string[]" },
  { name: "price", type: "uint256" },
  { name: "quantity", type: "uint64" },
  { name: "geohash", type: "string" },
  { name: "deposit", type: "uint256" },
  { name: "carriers", type: "address[]" },
  { name: "shippingWindowMs", type: "uint64" },
  { name: "inspectionWindowMs", type: "uint64" },
] as const;

/** struct IMarket.ListingTerms: what a seller states. */
export const listingTermsTuple = { name: "terms", type: "tuple", components: termFields } as const;

/** struct IMarket.Listing: the terms plus who and where it stands. */
export const listingTuple = {
  name: "listing",
  type: "tuple",
  components: [
    { name: "seller", type: "address" },
    ...termFields,
    { name: "state", type: "uint8" },
    { name: "createdAt", type: "uint64" },
    { name: "updatedAt", type: "uint64" },
  ],
} as const;

/** struct IMarket.Order: the order and its escrow's progress. */
export const orderTuple = {
  name: "order",
  type: "tuple",
  components: [
    { name: "listingId", type: "uint256" },
    { name: "buyer", type: "address" },
    { name: "seller", type: "address" },
    { name: "quantity", type: "uint64" },
    { name: "amount", type: "uint256" },
    { name: "deposit", type: "uint256" },
    { name: "escrowId", type: "uint256" },
    { name: "state", type: "uint8" },
    { name: "placedAt", type: "uint64" },
    { name: "acceptBy", type: "uint64" },
    { name: "shipBy", type: "uint64" },
    { name: "inspectionEnds", type: "uint64" },
    { name: "trackingHash", type: "bytes32" },
    { name: "caseId", type: "uint256" },
    { name: "quantityRestored", type: "bool" },
  ],
} as const;

/** struct IMarket.Reputation: sums of ratings received and averages in thousandths. */
export const reputationTuple = {
  name: "reputation",
  type: "tuple",
  components: [
    { name: "asSellerCount", type: "uint256" },
    { name: "asSellerSum", type: "uint256" },
    { name: "asBuyerCount", type: "uint256" },
    { name: "asBuyerSum", type: "uint256" },
    { name: "asSellerAverageMilli", type: "uint256" },
    { name: "asBuyerAverageMilli", type: "uint256" },
  ],
} as const;

function fn<N extends string, const I extends readonly unknown[], const O extends readonly unknown[]>(
  name: N,
  stateMutability: "payable" | "nonpayable" | "view",
  inputs: I,
  outputs: O,
) {
  return { type: "function", name, stateMutability, inputs, outputs } as const;
}

const onOrder = <N extends string>(name: N) => fn(name, "nonpayable", [orderId], []);
const onListing = <N extends string>(name: N) => fn(name, "nonpayable", [id], []);
const ev = (name: string, indexed: boolean) => ({ name, indexed });
function event<N extends string, const I extends ReadonlyArray<{ name: string; type: string; indexed: boolean }>>(
  name: N,
  inputs: I,
) {
  return { type: "event", name, inputs } as const;
}
const oid = { ...orderId, ...ev("orderId", true) } as const;
const lid = { ...id, ...ev("id", true) } as const;

export const marketAbi = [
  fn("createListing", "nonpayable", [listingTermsTuple], [id]),
  fn("updateListing", "nonpayable", [id, listingTermsTuple], []),
  onListing("pauseListing"),
  onListing("resumeListing"),
  onListing("closeListing"),
  fn(
    "order",
    "payable",
    [
      { name: "listingId", type: "uint256" },
      { name: "quantity", type: "uint64" },
    ],
    [orderId],
  ),
  onOrder("cancelOrder"),
  fn("acceptOrder", "payable", [orderId], []),
  onOrder("declineOrder"),
  fn("shipOrder", "nonpayable", [orderId, { name: "trackingHash", type: "bytes32" }], []),
  onOrder("confirmDelivery"),
  onOrder("acceptGoods"),
  fn("rejectGoods", "nonpayable", [orderId], [caseId]),
  onOrder("refundOrder"),
  fn("disputeOrder", "nonpayable", [orderId], [caseId]),
  fn("rate", "nonpayable", [orderId, { name: "score", type: "uint8" }, { name: "reviewHash", type: "bytes32" }], []),
  fn("getListing", "view", [id], [listingTuple]),
  fn("listingsBySeller", "view", [{ name: "seller", type: "address" }, cursor, limit], pageOut),
  fn("listingsByCategory", "view", [{ name: "category", type: "string" }, cursor, limit], pageOut),
  fn("listingsByTag", "view", [{ name: "tag", type: "string" }, cursor, limit], pageOut),
  fn("listingsNear", "view", [{ name: "geohashPrefix", type: "string" }, cursor, limit], pageOut),
  fn("getOrder", "view", [orderId], [orderTuple]),
  fn("ordersByBuyer", "view", [{ name: "buyer", type: "address" }, cursor, limit], pageOut),
  fn("ordersBySeller", "view", [{ name: "seller", type: "address" }, cursor, limit], pageOut),
  fn(
    "getRatings",
    "view",
    [orderId],
    [
      { name: "byBuyerScore", type: "uint8" },
      { name: "byBuyerReview", type: "bytes32" },
      { name: "bySellerScore", type: "uint8" },
      { name: "bySellerReview", type: "bytes32" },
    ],
  ),
  fn("reputation", "view", [{ name: "account", type: "address" }], [reputationTuple]),
  fn(
    "params",
    "view",
    [],
    [
      { name: "defaultDepositBps", type: "uint256" },
      { name: "acceptWindowMs", type: "uint64" },
      { name: "maxWindowMs", type: "uint64" },
    ],
  ),
  fn("nextListingId", "view", [], [id]),
  fn("nextOrderId", "view", [], [orderId]),
  event("ListingCreated", [
    lid,
    { name: "seller", type: "address", indexed: true },
    { name: "category", type: "string", indexed: false },
    { name: "price", type: "uint256", indexed: false },
    { name: "quantity", type: "uint64", indexed: false },
  ]),
  event("ListingUpdated", [
    lid,
    { name: "price", type: "uint256", indexed: false },
    { name: "quantity", type: "uint64", indexed: false },
  ]),
  event("ListingPaused", [lid]),
  event("ListingResumed", [lid]),
  event("ListingClosed", [lid]),
  event("OrderPlaced", [
    oid,
    { name: "listingId", type: "uint256", indexed: true },
    { name: "buyer", type: "address", indexed: true },
    { name: "quantity", type: "uint64", indexed: false },
    { name: "amount", type: "uint256", indexed: false },
    { name: "deposit", type: "uint256", indexed: false },
    { name: "escrowId", type: "uint256", indexed: false },
  ]),
  event("OrderCancelled", [oid]),
  event("OrderAccepted", [oid, { name: "shipBy", type: "uint64", indexed: false }]),
  event("OrderDeclined", [oid]),
  event("OrderShipped", [oid, { name: "trackingHash", type: "bytes32", indexed: false }]),
  event("DeliveryConfirmed", [
    oid,
    { name: "by", type: "address", indexed: true },
    { name: "inspectionEnds", type: "uint64", indexed: false },
  ]),
  event("OrderCompleted", [oid]),
  event("OrderRefunded", [oid]),
  event("OrderExpired", [oid]),
  event("OrderLapsed", [oid]),
  event("OrderDisputed", [
    oid,
    { name: "by", type: "address", indexed: true },
    { name: "caseId", type: "uint256", indexed: false },
  ]),
  event("Rated", [
    oid,
    { name: "rater", type: "address", indexed: true },
    { name: "ratee", type: "address", indexed: true },
    { name: "score", type: "uint8", indexed: false },
    { name: "reviewHash", type: "bytes32", indexed: false },
  ]),
] as const;
