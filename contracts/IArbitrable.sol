// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title What an arbitrable gives the CyberMiles arbitration module (ERC-792 Arbitrable spirit)
/// @notice Today the arbitrables are system modules (escrow) implementing the TypeScript port
/// `Arbitrable` of src/modules/dispute-port.ts; this interface states the same contract for user
/// contracts, which the arbitration module will call once the EVM runs them (not yet). The
/// arbitrable opens a case through the arbitrator port with the payer, payee, payment, each
/// party's equal deposit and a category, and logs the returned case id.
interface IArbitrable {
    /// @notice ERC-1497 Dispute: the arbitrable logs the case it opened for `externalId`.
    event Dispute(address indexed arbitrator, uint256 indexed caseId, uint256 indexed externalId);

    /// @notice Called by the arbitrator with a final ruling: 0 payer wins, 1 payee wins, 2 split
    /// (payerShareBps of the payment to the payer). Pay `fee` (<= deposit) to `arbiter` from the
    /// loser's deposit, the rest of that deposit to the winner, the winner's deposit back; on a
    /// split the fee comes half from each deposit (the odd wei from the payer's).
    function rule(uint256 externalId, uint8 ruling, uint256 payerShareBps, address arbiter, uint256 fee) external;

    /// @notice Called by the arbitrator when no arbiter bid in two windows: return the payment
    /// and each deposit as they were paid.
    function abandon(uint256 externalId) external;
}
