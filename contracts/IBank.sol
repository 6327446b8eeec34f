// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles bank module (system module at 0x0000000000000000000000000000000000001001)
/// @notice CMT is the chain's native token (like ether). This module gives it an ERC-20-style
/// face so wallets and contracts can read balances and the supply, and move CMT with a
/// Transfer event. Rules: src/modules/bank/README.md.
interface IBank {
    event Transfer(address indexed from, address indexed to, uint256 value);

    function name() external view returns (string memory);
    function symbol() external view returns (string memory);
    function decimals() external view returns (uint8);
    /// @notice All CMT in existence (1,000,000,000 CMT at genesis, growing with issuance).
    function totalSupply() external view returns (uint256);
    /// @notice The hard cap: 10,000,000,000 CMT (white paper §7).
    function supplyCap() external view returns (uint256);
    function balanceOf(address account) external view returns (uint256);
    /// @notice Move `amount` wei of the caller's native CMT to `to`.
    function transfer(address to, uint256 amount) external returns (bool);
}
