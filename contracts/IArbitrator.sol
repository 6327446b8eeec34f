// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles arbitration module (system module at 0x0000000000000000000000000000000000001012)
/// @notice Community arbitration (white paper §4): bonded arbiters bid to decide a dispute; both
/// parties accept the same bid, or the lowest fee wins when the bidding window closes; the arbiter
/// rules before its deadline and is paid from the loser's deposit; a missed deadline costs it a
/// share of its bond. In the spirit of ERC-792 (Arbitrator) and ERC-1497 (Evidence). Cases are
/// opened by arbitrable modules (escrow) through the node's arbitrator port, not by this ABI.
/// Times are block times in ms since the epoch; amounts are wei. Rules and every revert reason:
/// src/modules/arbitration/README.md.
interface IArbitrator {
    /// Arbiter status: 0 Active, 1 Withdrawing.
    struct ArbiterInfo {
        uint256 bond;
        uint8 status;
        uint64 withdrawableAt;
        uint256 openCases;
        string[] categories;
        string[] languages;
        string contact;
        uint64 registeredAt;
    }

    /// Case state: 0 Bidding, 1 Assigned, 2 Ruled, 3 Abandoned. Ruling: 0 payer wins, 1 payee wins, 2 split.
    struct CaseInfo {
        string arbitrable;
        uint256 externalId;
        address payer;
        address payee;
        uint256 amount;
        uint256 deposit;
        string category;
        uint8 state;
        uint256 round;
        uint64 windowEnds;
        bool reopened;
        uint256 payerAcceptedBid;
        uint256 payeeAcceptedBid;
        address arbiter;
        uint256 bidId;
        uint256 fee;
        uint64 rulingDeadline;
        uint8 ruling;
        uint256 payerShareBps;
        uint64 createdAt;
    }

    struct BidInfo {
        uint256 bidId;
        address arbiter;
        uint256 fee;
        uint64 rulingPeriodMs;
        uint64 placedAt;
    }

    struct Params {
        uint256 minBond;
        uint64 biddingWindowMs;
        uint64 maxRulingPeriodMs;
        uint256 missedDeadlineSlashBps;
        uint64 coolingPeriodMs;
        uint256 maxBidsPerCase;
    }

    event ArbiterRegistered(address indexed arbiter, uint256 bond, string[] categories, string[] languages, string contact);
    event ArbiterUpdated(address indexed arbiter, string[] categories, string[] languages, string contact);
    event BondAdded(address indexed arbiter, uint256 amount, uint256 bond);
    event WithdrawalRequested(address indexed arbiter, uint64 withdrawableAt);
    event WithdrawalCancelled(address indexed arbiter);
    event BondWithdrawn(address indexed arbiter, uint256 amount);
    event BidPlaced(uint256 indexed caseId, uint256 indexed bidId, address indexed arbiter, uint256 fee, uint64 rulingPeriodMs);
    event BidAccepted(uint256 indexed caseId, uint256 indexed bidId, address indexed party);
    event ArbiterAssigned(uint256 indexed caseId, address indexed arbiter, uint256 bidId, uint256 fee, uint64 rulingDeadline);
    /// @notice ERC-1497 Evidence: the case is the evidence group; the hash commits to the content at uri.
    event Evidence(uint256 indexed caseId, address indexed party, bytes32 evidenceHash, string uri);
    /// @notice ERC-792 Ruling, with the payout it means (fee from the loser's deposit).
    event Ruling(uint256 indexed caseId, address indexed arbiter, uint8 ruling, uint256 payerShareBps, uint256 fee, uint256 toPayer, uint256 toPayee);
    /// @notice Deadline events: emitted in end-block, which has no receipts yet (not logged today).
    event BiddingReopened(uint256 indexed caseId, uint256 round, uint64 windowEnds);
    event DeadlineMissed(uint256 indexed caseId, address indexed arbiter, uint256 slashed, uint256 toPayer, uint256 toPayee);
    event CaseAbandoned(uint256 indexed caseId);

    /// @notice Register as an arbiter; msg.value (>= params().minBond) is the bond. At most 16
    /// categories and 16 languages of 1..64 bytes each, no duplicates; contact at most 256 bytes.
    function register(string[] calldata categories, string[] calldata languages, string calldata contact) external payable;
    /// @notice Replace the profile (same bounds as register).
    function updateArbiter(string[] calldata categories, string[] calldata languages, string calldata contact) external;
    /// @notice Add msg.value (> 0) to the bond, e.g. back above the minimum after a slash.
    function addBond() external payable;
    /// @notice Stop taking cases; the bond can be withdrawn after params().coolingPeriodMs.
    function requestWithdrawal() external;
    /// @notice Take cases again.
    function cancelWithdrawal() external;
    /// @notice After the cooling period and with no open case: the whole bond back; the
    /// registration ends (statistics stay).
    function withdrawBond() external;

    /// @notice Offer to decide a case in Bidding before its window ends: fee <= deposit, ruling
    /// period 1..params().maxRulingPeriodMs ms from assignment. One bid per arbiter per round.
    function bid(uint256 caseId, uint256 fee, uint64 rulingPeriodMs) external returns (uint256 bidId);
    /// @notice A party accepts a bid of the current round (may change its mind); when both
    /// parties have accepted the same bid its arbiter is assigned at once.
    function acceptBid(uint256 caseId, uint256 bidId) external;
    /// @notice A party logs evidence (until the ruling).
    function submitEvidence(uint256 caseId, bytes32 evidenceHash, string calldata uri) external;
    /// @notice The assigned arbiter rules before its deadline: 0 payer wins, 1 payee wins, 2 split
    /// (payerShareBps 0..10000 of the payment to the payer; 0 for the other rulings). Final.
    function rule(uint256 caseId, uint8 ruling, uint256 payerShareBps) external;

    function getArbiter(address arbiter) external view returns (ArbiterInfo memory info);
    function arbiterStats(address arbiter) external view returns (uint256 cases, uint256 rulings, uint256 missedDeadlines);
    /// @notice Registered arbiters in address order from `from`; limit <= 100.
    function arbiters(address from, uint256 limit) external view returns (address[] memory addresses);
    function getCase(uint256 caseId) external view returns (CaseInfo memory info);
    /// @notice The current round's bids.
    function getBids(uint256 caseId) external view returns (BidInfo[] memory bids);
    /// @notice The case of an arbitrable's disputed thing (0: none), e.g. caseOf("escrow", escrowId).
    function caseOf(string calldata arbitrable, uint256 externalId) external view returns (uint256 caseId);
    /// @notice Cases in Bidding, ascending from fromId; limit <= 100.
    function openCases(uint256 fromId, uint256 limit) external view returns (uint256[] memory ids);
    /// @notice Whether `arbiter` missed its deadline on the case (and may not bid on it again).
    function isExcluded(uint256 caseId, address arbiter) external view returns (bool excluded);
    function nextCaseId() external view returns (uint256 caseId);
    function params() external view returns (Params memory params);
}
