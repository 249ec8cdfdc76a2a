import { parseAbi } from "viem";

/** The OracleHub and OptionVault functions and errors the feeder uses. */
export const feederAbi = parseAbi([
  "function volConfig(address underlying) view returns (uint256 minVolWad, uint256 maxVolWad, uint256 maxChangeWad, uint256 maxAge)",
  "function volData(address underlying, uint64 expiry) view returns (uint256 volWad, uint256 updatedAt)",
  "function setVols(address underlying, uint64[] expiries, uint256[] volsWad)",
  "function seriesCount() view returns (uint256)",
  "function series(uint256 seriesId) view returns ((address underlying, uint64 expiry, bool isCall, uint128 strikeWad))",
  "error VolOutOfBounds(uint256 volWad, uint256 minVolWad, uint256 maxVolWad)",
  "error VolChangeTooLarge(uint256 oldVolWad, uint256 newVolWad, uint256 maxChangeWad)",
  "error VolConfigNotSet(address underlying)",
  "error LengthMismatch(uint256 expiries, uint256 vols)",
  "error AccessManagedUnauthorized(address caller)",
]);
