// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles distribution module (system module at 0x0000000000000000000000000000000000001005)
/// @notice 8 % yearly issuance for ten years (then a parameter), never past 10 B CMT; issuance and
/// fees go to the validators that signed, commission to operators, the rest to delegators.
/// Rules: src/modules/distribution/README.md.
interface IDistribution {
    event RewardsWithdrawn(address indexed delegator, address indexed validator, uint256 amount, bool restaked);
    event CommissionWithdrawn(address indexed validator, uint256 amount);

    /// @notice Pay the caller's rewards from `validator`; with `restake` delegate them back to it.
    function withdrawRewards(address validator, bool restake) external returns (uint256 amount);
    /// @notice Pay the caller (a validator operator) its accumulated commission.
    function withdrawCommission() external returns (uint256 amount);

    function pendingRewards(address validator, address delegator) external view returns (uint256 amount);
    function pendingCommission(address validator) external view returns (uint256 amount);
    function issuanceParams()
        external
        view
        returns (uint64 genesisTime, uint64 yearMs, uint16 firstDecadeRateBps, uint64 rateAfterYearTenBps, uint256 supplyCap);
    /// @notice The current issuance year, its rate, its provision and what of it has accrued.
    function annualProvision() external view returns (uint64 year, uint64 rateBps, uint256 provision, uint256 accrued);
    /// @notice Rewards waiting for signers (no known signer yet, rounding): added to the next block's.
    function undistributed() external view returns (uint256 amount);
}
