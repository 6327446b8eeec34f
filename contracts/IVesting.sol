// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles vesting module (system module at 0x0000000000000000000000000000000000001002)
/// @notice Holds the genesis allocations of CyberMiles team & partners (100 M CMT) and 5miles
/// (100 M CMT) and releases them 10 % per quarter over 2.5 years (white paper §7).
/// Rules: src/modules/vesting/README.md.
interface IVesting {
    event Released(address indexed beneficiary, uint256 amount, uint256 quartersVested);

    /// @notice Amount vested at the latest block time: total × whole quarters elapsed / 10.
    function vested(address beneficiary) external view returns (uint256);
    /// @notice vested − released.
    function releasable(address beneficiary) external view returns (uint256);
    function released(address beneficiary) external view returns (uint256);
    /// @notice The schedule; nextReleaseTime is 0 once fully vested. Times are ms since the epoch.
    function scheduleOf(address beneficiary)
        external
        view
        returns (string memory label, uint256 total, uint64 start, uint256 released, uint64 nextReleaseTime);
    /// @notice Pay the caller everything vested and not yet released.
    /// Reverts "vesting: caller has no vesting schedule" or
    /// "vesting: nothing to release until the next quarter".
    function release() external returns (uint256 amount);
}
