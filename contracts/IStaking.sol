// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title CyberMiles staking module (system module at 0x0000000000000000000000000000000000001004)
/// @notice Validators, delegation, unbonding, redelegation, the active validator set and slashing.
/// Amounts are wei, times are block times in ms, rates are basis points. Validators are named by
/// their operator address; `consensus` is the address of the validator's consensus key (it signs
/// votes). Rules: src/modules/staking/README.md.
interface IStaking {
    event ValidatorDeclared(address indexed operator, address indexed consensus, uint256 selfStake);
    event ValidatorEdited(address indexed operator, uint16 commissionBps);
    /// @notice status: 0 active, 1 inactive, 2 jailed, 3 tombstoned.
    event ValidatorStatusChanged(address indexed operator, uint8 status);
    event Delegated(address indexed delegator, address indexed validator, uint256 amount, uint256 shares);
    event Undelegated(address indexed delegator, address indexed validator, uint256 amount, uint64 id, uint64 completionTime);
    event Redelegated(address indexed delegator, address indexed src, address indexed dst, uint256 amount, uint64 id);
    /// @notice Rewards paid out because a delegation changed (F1 settlement).
    event RewardsWithdrawn(address indexed delegator, address indexed validator, uint256 amount);
    /// @notice Not logged today: slashing runs in begin-block, which has no receipt.
    event Slashed(address indexed operator, string reason, uint64 height);

    /// @notice Declare the caller a validator; msg.value is the self-stake (≥ minSelfStake).
    /// `pubkey`: 33-byte compressed secp256k1 consensus key.
    function declareValidator(
        bytes calldata pubkey,
        uint16 commissionBps,
        uint16 maxCommissionBps,
        uint16 maxChangeBps,
        string calldata name,
        string calldata website,
        string calldata location,
        string calldata contact
    ) external payable;
    /// @notice New commission (≤ max rate, change ≤ max daily change, once per 24 h) and description.
    function editValidator(
        uint16 commissionBps,
        string calldata name,
        string calldata website,
        string calldata location,
        string calldata contact
    ) external;
    function deactivate() external;
    function activate() external;
    /// @notice Leave jail once the jail time has passed (self-stake must be ≥ minSelfStake).
    function unjail() external;
    /// @notice Delegate msg.value to an active validator.
    function delegate(address validator) external payable returns (uint256 shares);
    /// @notice Start unbonding `amount`; paid out at completionTime unless slashed meanwhile.
    function undelegate(address validator, uint256 amount) external returns (uint64 id, uint64 completionTime);
    /// @notice Move `amount` from src to dst at once (stays slashable for src's offences until it matures).
    function redelegate(address src, address dst, uint256 amount) external returns (uint64 id);

    function params()
        external
        view
        returns (
            uint64 unbondingTimeMs,
            uint64 maxValidators,
            uint256 minSelfStake,
            uint64 powerCapBps,
            uint64 slashDoubleSignBps,
            uint64 slashDowntimeBps,
            uint64 signedBlocksWindow,
            uint64 maxMissedBps,
            uint64 downtimeJailMs
        );
    function validators() external view returns (address[] memory operators);
    function getValidator(address operator)
        external
        view
        returns (
            address consensus,
            bytes memory pubkey,
            uint8 status,
            uint256 tokens,
            uint256 shares,
            uint256 selfStake,
            uint16 commissionBps,
            uint16 maxCommissionBps,
            uint16 maxChangeBps,
            uint64 commissionUpdatedAt,
            uint64 jailedUntil,
            string memory name,
            string memory website,
            string memory location,
            string memory contact
        );
    /// @notice Operator of a consensus address (zero address when unknown).
    function validatorByConsensus(address consensus) external view returns (address operator);
    function delegation(address validator, address delegator) external view returns (uint256 shares, uint256 amount);
    function delegationsOf(address delegator) external view returns (address[] memory validators, uint256[] memory amounts);
    function unbondingsOf(address delegator)
        external
        view
        returns (
            uint64[] memory ids,
            address[] memory validators,
            uint64[] memory creationHeights,
            uint64[] memory completionTimes,
            uint256[] memory initialBalances,
            uint256[] memory balances
        );
    function redelegationsOf(address delegator)
        external
        view
        returns (
            uint64[] memory ids,
            address[] memory srcs,
            address[] memory dsts,
            uint64[] memory completionTimes,
            uint256[] memory initialBalances
        );
    /// @notice The most recently elected set (consensus addresses, keys, powers), sorted by address.
    function activeSet() external view returns (address[] memory validators, bytes[] memory pubkeys, uint256[] memory powers);
    /// @notice The set that signs `height` (kept from the state's own height on).
    function validatorSetAt(uint64 height)
        external
        view
        returns (address[] memory validators, bytes[] memory pubkeys, uint256[] memory powers);
    function signingInfo(address consensus) external view returns (uint64 counted, uint64 missed);
}
