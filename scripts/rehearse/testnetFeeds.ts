import type { Address } from "viem";

/** A Chainlink feed as it exists on a testnet: address, description, decimals, and a realistic answer. */
export type TestnetFeed = { address: Address; description: string; decimals: number; answer: bigint };

/**
 * What the rehearsal places on each chain: the feeds the parameter files use, AND the pairs that live at
 * those same addresses on the other testnets (so the refusal rehearsal meets what a wrong file would meet
 * on the real chain: on Base Sepolia, Arbitrum Sepolia's ETH/USD address is USDC/USD). Answers are
 * realistic levels, not live prices.
 */
export const TESTNET_FEEDS: Record<number, TestnetFeed[]> = {
  // Ethereum Sepolia
  11155111: [
    { address: "0x694AA1769357215DE4FAC081bf1f309aDC325306", description: "ETH / USD", decimals: 8, answer: 3_000_00000000n },
    { address: "0x1b44F3514812d835EB1BDB0acB33d3fA3351Ee43", description: "BTC / USD", decimals: 8, answer: 95_000_00000000n },
  ],
  // Arbitrum Sepolia
  421614: [
    { address: "0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165", description: "ETH / USD", decimals: 8, answer: 3_000_00000000n },
    { address: "0x56a43EB56Da12C0dc1D972ACb089c06a5dEF8e69", description: "BTC / USD", decimals: 8, answer: 95_000_00000000n },
    { address: "0x4aDC67696bA383F43DD60A9e78F2C97Fbbfc7cb1", description: "BTC / ETH", decimals: 18, answer: 31_666666666666666666n },
    { address: "0x0FB99723Aee6f420beAD13e6bBB79b7E6F034298", description: "LINK / USD", decimals: 8, answer: 15_00000000n },
  ],
  // Base Sepolia
  84532: [
    { address: "0x4aDC67696bA383F43DD60A9e78F2C97Fbbfc7cb1", description: "ETH / USD", decimals: 8, answer: 3_000_00000000n },
    { address: "0x0FB99723Aee6f420beAD13e6bBB79b7E6F034298", description: "BTC / USD", decimals: 8, answer: 95_000_00000000n },
    { address: "0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165", description: "USDC / USD", decimals: 8, answer: 1_00000000n },
  ],
};

/** The USDC (Circle, 6 decimals) of each testnet. */
export const TESTNET_USDC: Record<number, Address> = {
  11155111: "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238",
  421614: "0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d",
  84532: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
};
