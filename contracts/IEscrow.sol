// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles escrow module (system module at 0x0000000000000000000000000000000000001011)
/// @notice Holds a payer's payment and both parties' equal deposits until shipping, delivery and
/// inspection, acceptance, refund, or an arbiter's ruling (white paper: "they each put up an equal
/// amount of CMT as a deposit"). Times are block times in ms since the epoch. Escrows opened by a
/// module (market) move only through that module. Rules and every revert reason:
/// src/modules/escrow/README.md.
interface IEscrow {
    /// States: 0 Open, 1 Funded, 2 Delivered, 3 Released, 4 Refunded, 5 Cancelled, 6 Declined,
    /// 7 Disputed, 8 Resolved, 9 Expired, 10 Shipped, 11 Lapsed, 12 Abandoned.
    struct Escrow {
        address payer;
        address payee;
        uint256 amount;
        uint256 deposit;
        uint64 inspectionWindowMs;
        uint64 fundBy;
        uint64 shipWindowMs;
        uint64 shipBy;
        address[] carriers;
        uint8 state;
        uint64 openedAt;
        uint64 inspectionEnds;
        bytes32 trackingHash;
        string controller;
        uint256 caseId;
        string category;
    }

    event Opened(uint256 indexed id, address indexed payer, address indexed payee, uint256 amount, uint256 deposit, uint64 fundBy);
    event Funded(uint256 indexed id, address indexed payee);
    event Cancelled(uint256 indexed id);
    event Declined(uint256 indexed id);
    event Shipped(uint256 indexed id, bytes32 trackingHash);
    event DeliveryConfirmed(uint256 indexed id, address indexed by, uint64 inspectionEnds);
    event Released(uint256 indexed id, address indexed payee);
    event Refunded(uint256 indexed id);
    event Disputed(uint256 indexed id, address indexed by, uint256 caseId);
    event Expired(uint256 indexed id);
    event Lapsed(uint256 indexed id);

    /// @notice Open an escrow as payer; msg.value must be exactly amount + deposit. The payee must
    /// post the same deposit before fundBy, then ship within shipWindowMs (0 = no shipping step).
    function open(
        address payee,
        uint256 amount,
        uint256 deposit,
        uint64 inspectionWindowMs,
        uint64 fundBy,
        uint64 shipWindowMs,
        address[] calldata carriers
    ) external payable returns (uint256 id);
    /// @notice Payee posts its deposit (msg.value exactly the deposit) before fundBy.
    function fund(uint256 id) external payable;
    /// @notice Same as fund.
    function acceptEscrow(uint256 id) external payable;
    /// @notice Payer withdraws an Open escrow: full refund.
    function cancel(uint256 id) external;
    /// @notice Payee refuses an Open escrow: the payer is fully refunded.
    function decline(uint256 id) external;
    /// @notice Payee marks a Funded escrow shipped before shipBy.
    function ship(uint256 id, bytes32 trackingHash) external;
    /// @notice Payer or an accepted carrier confirms delivery: the inspection window starts; when it
    /// ends without rejection the escrow is released.
    function confirmDelivery(uint256 id) external;
    /// @notice Payer accepts (Funded, Shipped or Delivered): payment to the payee, each deposit back.
    function accept(uint256 id) external;
    /// @notice Payee refunds (Funded, Shipped or Delivered): payment and deposits back to their owners.
    function refund(uint256 id) external;
    /// @notice Payer rejects during inspection: the case goes to arbitration.
    function reject(uint256 id) external returns (uint256 caseId);
    /// @notice Payer or payee disputes a Funded, Shipped or Delivered escrow: the case goes to arbitration.
    function dispute(uint256 id) external returns (uint256 caseId);

    function getEscrow(uint256 id) external view returns (Escrow memory escrow);
    /// @notice Ids of the escrows `party` is payer or payee of, ascending from fromId; limit <= 100.
    function escrowsOf(address party, uint256 fromId, uint256 limit) external view returns (uint256[] memory ids);
    /// @notice The id the next escrow will get (ids start at 1).
    function nextId() external view returns (uint256 id);
}
