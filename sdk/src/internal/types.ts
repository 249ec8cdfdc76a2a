import type { Account, Chain, Client, Transport } from "viem";

/** A client with an account to send from (a viem wallet client, or any client extended with one). */
export type SigningClient = Client<Transport, Chain | undefined, Account>;
