// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles market module (system module at 0x0000000000000000000000000000000000001010)
/// @notice Listings, orders settled through escrow (the order's state is its escrow's state), peer
/// ratings and reputation. Amounts in wei, times block times in ms. Rules, states and every revert
/// reason: src/modules/market/README.md.
interface IMarket {
    struct ListingTerms {
        string title;
        bytes32 descriptionHash;
        string descriptionUri;
        string category;
        string[] tags;
        uint256 price;
        uint64 quantity;
        string geohash;
        uint256 deposit;
        address[] carriers;
        uint64 shippingWindowMs;
        uint64 inspectionWindowMs;
    }

    /// state: 0 Active, 1 Paused, 2 Closed.
    struct Listing {
        address seller;
        string title;
        bytes32 descriptionHash;
        string descriptionUri;
        string category;
        string[] tags;
        uint256 price;
        uint64 quantity;
        string geohash;
        uint256 deposit;
        address[] carriers;
        uint64 shippingWindowMs;
        uint64 inspectionWindowMs;
        uint8 state;
        uint64 createdAt;
        uint64 updatedAt;
    }

    /// state: the escrow's (IEscrow): 0 placed, 1 accepted, 10 shipped, 2 delivered, 3 completed,
    /// 4 refunded, 5 cancelled, 6 declined, 7 disputed, 8 ruled, 9 expired, 11 lapsed, 12 abandoned.
    struct Order {
        uint256 listingId;
        address buyer;
        address seller;
        uint64 quantity;
        uint256 amount;
        uint256 deposit;
        uint256 escrowId;
        uint8 state;
        uint64 placedAt;
        uint64 acceptBy;
        uint64 shipBy;
        uint64 inspectionEnds;
        bytes32 trackingHash;
        uint256 caseId;
        bool quantityRestored;
    }

    /// Averages are in thousandths, rounded down (4.333 stars = 4333).
    struct Reputation {
        uint256 asSellerCount;
        uint256 asSellerSum;
        uint256 asBuyerCount;
        uint256 asBuyerSum;
        uint256 asSellerAverageMilli;
        uint256 asBuyerAverageMilli;
    }

    event ListingCreated(uint256 indexed id, address indexed seller, string category, uint256 price, uint64 quantity);
    event ListingUpdated(uint256 indexed id, uint256 price, uint64 quantity);
    event ListingPaused(uint256 indexed id);
    event ListingResumed(uint256 indexed id);
    event ListingClosed(uint256 indexed id);
    event OrderPlaced(uint256 indexed orderId, uint256 indexed listingId, address indexed buyer, uint64 quantity, uint256 amount, uint256 deposit, uint256 escrowId);
    event OrderCancelled(uint256 indexed orderId);
    event OrderAccepted(uint256 indexed orderId, uint64 shipBy);
    event OrderDeclined(uint256 indexed orderId);
    event OrderShipped(uint256 indexed orderId, bytes32 trackingHash);
    event DeliveryConfirmed(uint256 indexed orderId, address indexed by, uint64 inspectionEnds);
    event OrderCompleted(uint256 indexed orderId);
    event OrderRefunded(uint256 indexed orderId);
    /// @notice The seller did not accept by acceptBy (a block log: no transaction emits it).
    event OrderExpired(uint256 indexed orderId);
    /// @notice Accepted but not shipped by shipBy (a block log).
    event OrderLapsed(uint256 indexed orderId);
    event OrderDisputed(uint256 indexed orderId, address indexed by, uint256 caseId);
    event Rated(uint256 indexed orderId, address indexed rater, address indexed ratee, uint8 score, bytes32 reviewHash);

    /// @notice Create a listing (deposit 0 = the default share of the price, per unit).
    function createListing(ListingTerms calldata terms) external returns (uint256 id);
    /// @notice Seller replaces the terms of an Active or Paused listing (future orders only).
    function updateListing(uint256 id, ListingTerms calldata terms) external;
    function pauseListing(uint256 id) external;
    function resumeListing(uint256 id) external;
    function closeListing(uint256 id) external;

    /// @notice Order `quantity` units; msg.value exactly (price + deposit) * quantity, into escrow.
    function order(uint256 listingId, uint64 quantity) external payable returns (uint256 orderId);
    /// @notice Buyer withdraws a placed order: full refund.
    function cancelOrder(uint256 orderId) external;
    /// @notice Seller accepts by posting the equal deposit (msg.value) before acceptBy.
    function acceptOrder(uint256 orderId) external payable;
    /// @notice Seller declines a placed order: the buyer is fully refunded.
    function declineOrder(uint256 orderId) external;
    /// @notice Seller marks an accepted order shipped before shipBy.
    function shipOrder(uint256 orderId, bytes32 trackingHash) external;
    /// @notice Buyer or an accepted carrier confirms delivery: the inspection window starts.
    function confirmDelivery(uint256 orderId) external;
    /// @notice Buyer accepts the goods: payment to the seller, deposits back.
    function acceptGoods(uint256 orderId) external;
    /// @notice Buyer rejects during inspection: the case goes to arbitration.
    function rejectGoods(uint256 orderId) external returns (uint256 caseId);
    /// @notice Seller refunds: payment and deposits back to their owners.
    function refundOrder(uint256 orderId) external;
    /// @notice Buyer or seller disputes an accepted, shipped or delivered order.
    function disputeOrder(uint256 orderId) external returns (uint256 caseId);
    /// @notice After completion or a ruling, each party rates the other once (1..5).
    function rate(uint256 orderId, uint8 score, bytes32 reviewHash) external;

    function getListing(uint256 id) external view returns (Listing memory listing);
    /// @notice Lists are paged: start with an empty cursor, pass `next` on; `next` is empty at the end. limit 1..100.
    function listingsBySeller(address seller, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function listingsByCategory(string calldata category, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function listingsByTag(string calldata tag, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function listingsNear(string calldata geohashPrefix, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function getOrder(uint256 orderId) external view returns (Order memory order);
    function ordersByBuyer(address buyer, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function ordersBySeller(address seller, bytes calldata cursor, uint256 limit) external view returns (uint256[] memory ids, bytes memory next);
    function getRatings(uint256 orderId) external view returns (uint8 byBuyerScore, bytes32 byBuyerReview, uint8 bySellerScore, bytes32 bySellerReview);
    function reputation(address account) external view returns (Reputation memory reputation);
    function params() external view returns (uint256 defaultDepositBps, uint64 acceptWindowMs, uint64 maxWindowMs);
    function nextListingId() external view returns (uint256 id);
    function nextOrderId() external view returns (uint256 orderId);
}
