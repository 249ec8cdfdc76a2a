// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title OrderLib
/// @notice The EIP-712 order that market makers sign off-chain and takers fill on the vault.
/// @dev The vault's domain is EIP712("OptionVault", "1"); the digest the maker signs is
/// `_hashTypedDataV4(OrderLib.hash(order))`, which is also the order's id for fills and cancels.
library OrderLib {
    /// @notice A signed quote to buy or sell `sizeWad` contracts of one series at `price`.
    struct Order {
        address maker; // the account that signs (EOA or ERC-1271 contract wallet)
        uint256 seriesId; // the option series traded
        bool isBuy; // true: the maker buys (goes long), false: the maker sells (goes short)
        uint256 sizeWad; // [wad] total size the order may be filled for (1e18 = one contract)
        uint256 price; // [collateral token decimals] premium per contract (per 1e18 of size)
        uint256 deadline; // [unix seconds] last second at which the order can be filled
        uint256 nonce; // must equal the maker's current nonce; `incrementNonce` cancels all older orders
        uint256 salt; // free value that makes otherwise equal orders distinct
    }

    /// @notice keccak256 of the EIP-712 type string of `Order`.
    bytes32 internal constant ORDER_TYPEHASH = keccak256(
        "Order(address maker,uint256 seriesId,bool isBuy,uint256 sizeWad,uint256 price,uint256 deadline,uint256 nonce,uint256 salt)"
    );

    /// @notice EIP-712 struct hash of `order` (to be wrapped by the domain separator).
    function hash(Order memory order) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                ORDER_TYPEHASH,
                order.maker,
                order.seriesId,
                order.isBuy,
                order.sizeWad,
                order.price,
                order.deadline,
                order.nonce,
                order.salt
            )
        );
    }
}
