import { type Address, isAddress, toAddress } from "../crypto/index.js";
import { CmtError, fromHex, type Hex, isHex } from "../lib/index.js";
import {
  FIVEMILES_SUPPLY,
  formatCmt,
  GENESIS_SUPPLY,
  ModuleAddress,
  OFFERING_SUPPLY,
  RESERVE_SUPPLY,
  TEAM_SUPPLY,
} from "../types/index.js";
import type { DistributionGenesis, GenesisDoc, GenesisValidator, StakingParamsGenesis } from "./genesis.js";
import { consensusAddress, stakingParams, validateStakingGenesis, votingPowers } from "./genesis-staking.js";

/** Vesting schedule labels of the white paper's two pre-allocations (§7). */
export const VestingLabel = { team: "team-and-partners", fiveMiles: "5miles" } as const;

/** Default lowest gas price and block base fee: 1 gwei. */
export const DEFAULT_MIN_GAS_PRICE = 1_000_000_000n;
/** Default block gas limit, as Ethereum mainnet's at the Merge. */
export const DEFAULT_BLOCK_GAS_LIMIT = 30_000_000n;

/** What a production genesis is made of; every amount is wei. */
export interface GenesisInput {
  chainId: bigint;
  /** Genesis block time, ms since the Unix epoch; the vesting schedules start then. */
  genesisTime: bigint;
  /** The 700 M CMT offering (e.g. the ERC-20 holder snapshot, 1:1); addresses must be distinct. */
  offering: ReadonlyArray<{ address: Address; amount: bigint }>;
  /** Receives the 100 M CMT team & partners allocation through vesting. */
  teamBeneficiary: Address;
  /** Receives the 100 M CMT 5miles allocation through vesting. */
  fiveMilesBeneficiary: Address;
  /** The height-1 set; leave empty (or omit) when `staking` is given: the set is then the one staking elects. */
  validators?: ReadonlyArray<{ address: Address; power: bigint; name?: string }>;
  /**
   * Validators bonded at genesis (their self-stake comes out of the operator's offering balance)
   * and staking parameters. Also turns on issuance (`modules.distribution`).
   */
  staking?: {
    params?: StakingParamsGenesis;
    validators: ReadonlyArray<{
      operator: Address;
      /** 33-byte compressed secp256k1 consensus key. */
      pubkey: Hex;
      selfStake: bigint;
      commission?: { rateBps: number; maxRateBps: number; maxChangeBps: number };
      description: GenesisValidator["description"];
    }>;
  };
  /** Issuance parameters; given (or `staking` given): the genesis gets a `modules.distribution` section. */
  distribution?: NonNullable<DistributionGenesis["params"]>;
  /** Default 1 gwei. */
  minGasPrice?: bigint;
  /** Default 30,000,000. */
  blockGasLimit?: bigint;
}

/** A genesis that does not add up; `details.problems` lists every problem found. */
export class GenesisError extends CmtError<"GENESIS_INVALID"> {
  constructor(readonly problems: string[]) {
    super("GENESIS_INVALID", `invalid genesis: ${problems.join("; ")}`, { problems });
    this.name = "GenesisError";
  }
}

/**
 * Build the genesis document of white paper §7: the offering as balances, 200 M held by the vesting
 * module for the two schedules (10 % per quarter from `genesisTime`), 100 M held as the reserve.
 * Throws `GenesisError` listing every problem when the result would not be a valid genesis.
 */
export function buildGenesis(input: GenesisInput): GenesisDoc {
  const inputProblems = checkInput(input);
  if (inputProblems.length > 0) throw new GenesisError(inputProblems);
  const balances = input.offering.map((o) => ({ address: toAddress(o.address), amount: o.amount }));
  balances.push({ address: ModuleAddress.vesting, amount: TEAM_SUPPLY + FIVEMILES_SUPPLY });
  balances.push({ address: ModuleAddress.reserve, amount: RESERVE_SUPPLY });
  balances.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const start = input.genesisTime.toString();
  const staking = input.staking && {
    ...(input.staking.params === undefined ? {} : { params: input.staking.params }),
    validators: input.staking.validators.map(
      (v): GenesisValidator => ({
        operator: toAddress(v.operator),
        pubkey: v.pubkey.toLowerCase(),
        selfStake: v.selfStake.toString(),
        ...(v.commission === undefined ? {} : { commission: v.commission }),
        description: v.description,
      }),
    ),
  };
  const doc: GenesisDoc = {
    chainId: input.chainId.toString(),
    genesisTime: start,
    consensus: {
      blockGasLimit: (input.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT).toString(),
      validators: staking
        ? electedAtGenesis(input)
        : (input.validators ?? []).map((v) => ({
            address: toAddress(v.address),
            power: v.power.toString(),
            ...(v.name === undefined ? {} : { name: v.name }),
          })),
    },
    params: { minGasPrice: (input.minGasPrice ?? DEFAULT_MIN_GAS_PRICE).toString() },
    modules: {
      bank: { balances: balances.map((b) => ({ address: b.address, amount: b.amount.toString() })) },
      vesting: {
        schedules: [
          {
            beneficiary: toAddress(input.teamBeneficiary),
            label: VestingLabel.team,
            total: TEAM_SUPPLY.toString(),
            start,
          },
          {
            beneficiary: toAddress(input.fiveMilesBeneficiary),
            label: VestingLabel.fiveMiles,
            total: FIVEMILES_SUPPLY.toString(),
            start,
          },
        ],
      },
      ...(staking ? { staking } : {}),
      ...(staking || input.distribution
        ? { distribution: input.distribution ? { params: input.distribution } : {} }
        : {}),
    },
  };
  const problems = validateGenesis(doc);
  if (problems.length > 0) throw new GenesisError(problems);
  return doc;
}

/** consensus.validators of a genesis with a staking section: the set staking elects, named after the validators. */
function electedAtGenesis(input: GenesisInput): GenesisDoc["consensus"]["validators"] {
  const vs = input.staking?.validators ?? [];
  const { params } = stakingParams(input.staking?.params);
  const candidates = vs.flatMap((v) => {
    const address = consensusAddress(fromHex(v.pubkey));
    return address ? [{ address, tokens: v.selfStake, name: v.description.name }] : [];
  });
  return votingPowers(candidates, params.maxValidators, params.powerCapBps).map((v) => ({
    address: v.address,
    power: v.power.toString(),
    name: v.name,
  }));
}

/** Problems of the input itself, named by its own field names and indices. */
function checkInput(input: GenesisInput): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  input.offering.forEach((o, i) => {
    const at = `offering[${i}]`;
    if (!isAddress(o.address)) problems.push(`${at}: invalid address ${JSON.stringify(o.address)}`);
    else {
      const a = o.address.toLowerCase();
      const first = seen.get(a);
      if (first !== undefined) problems.push(`${at}: duplicate address ${a} (also offering[${first}])`);
      else seen.set(a, i);
      if (MODULE_NAMES.has(a)) problems.push(`${at}: ${a} is the ${MODULE_NAMES.get(a)} module account`);
    }
    if (o.amount <= 0n) problems.push(`${at}: amount must be positive, got ${o.amount}`);
  });
  for (const [what, a] of [
    ["team beneficiary", input.teamBeneficiary],
    ["5miles beneficiary", input.fiveMilesBeneficiary],
  ] as const) {
    if (!isAddress(a)) problems.push(`${what}: invalid address ${JSON.stringify(a)}`);
  }
  if (input.teamBeneficiary.toLowerCase() === input.fiveMilesBeneficiary.toLowerCase()) {
    problems.push("team and 5miles beneficiaries must be different accounts (one vesting schedule per beneficiary)");
  }
  if (input.staking && (input.validators?.length ?? 0) > 0)
    problems.push("validators: leave empty when staking is given (the genesis set is the one staking elects)");
  input.staking?.validators.forEach((v, i) => {
    if (!isHex(v.pubkey)) problems.push(`staking.validators[${i}].pubkey: not hex`);
  });
  (input.validators ?? []).forEach((v, i) => {
    if (!isAddress(v.address)) problems.push(`validators[${i}]: invalid address ${JSON.stringify(v.address)}`);
  });
  if (input.genesisTime < 0n) problems.push(`genesisTime: must not be negative, got ${input.genesisTime}`);
  return problems;
}

/** Where a genesis' 1 B CMT sit (wei); malformed entries are left out. */
export interface GenesisSupply {
  /** Every balance outside the vesting and reserve module accounts. */
  offering: bigint;
  offeringAccounts: number;
  vesting: bigint;
  reserve: bigint;
  total: bigint;
  schedules: Array<{ label: string; beneficiary: string; total: bigint; start: string }>;
}

const UINT = /^(0|[1-9]\d*)$/;
const amountOf = (s: unknown): bigint | null => (typeof s === "string" && UINT.test(s) ? BigInt(s) : null);

/** Sum up a genesis document's supply by holder (for display; see `validateGenesisSupply` for the rules). */
export function genesisSupply(doc: GenesisDoc): GenesisSupply {
  const out: GenesisSupply = { offering: 0n, offeringAccounts: 0, vesting: 0n, reserve: 0n, total: 0n, schedules: [] };
  for (const b of doc.modules.bank.balances) {
    const amount = amountOf(b.amount);
    if (amount === null) continue;
    const a = String(b.address).toLowerCase();
    if (a === ModuleAddress.vesting) out.vesting += amount;
    else if (a === ModuleAddress.reserve) out.reserve += amount;
    else {
      out.offering += amount;
      out.offeringAccounts++;
    }
    out.total += amount;
  }
  for (const s of doc.modules.vesting.schedules) {
    const total = amountOf(s.total);
    if (total !== null) out.schedules.push({ label: s.label, beneficiary: s.beneficiary, total, start: s.start });
  }
  return out;
}

const cmt = (wei: bigint) => `${formatCmt(wei)} CMT`;
const MODULE_NAMES = new Map<string, string>(Object.entries(ModuleAddress).map(([name, a]) => [a, name]));

/**
 * The white paper's genesis rules (§7), as a list of problems (empty when the genesis adds up):
 * well-formed distinct addresses and positive decimal wei amounts; offering exactly 700 M CMT;
 * the vesting module holding exactly its schedules, 100 M team & partners + 100 M 5miles;
 * the reserve exactly 100 M; all balances together exactly 1,000,000,000 CMT.
 */
export function validateGenesisSupply(doc: GenesisDoc): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  doc.modules.bank.balances.forEach((b, i) => {
    const at = `bank.balances[${i}]`;
    if (!isAddress(b.address)) problems.push(`${at}: invalid address ${JSON.stringify(b.address)}`);
    else {
      const a = b.address.toLowerCase();
      const first = seen.get(a);
      if (first !== undefined) problems.push(`${at}: duplicate address ${a} (also bank.balances[${first}])`);
      else seen.set(a, i);
      const module = MODULE_NAMES.get(a);
      if (module !== undefined && a !== ModuleAddress.vesting && a !== ModuleAddress.reserve) {
        problems.push(`${at}: module account ${module} (${a}) cannot hold a genesis balance`);
      }
    }
    const amount = amountOf(b.amount);
    if (amount === null) problems.push(`${at}: invalid amount ${JSON.stringify(b.amount)} (decimal wei expected)`);
    else if (amount === 0n) problems.push(`${at}: zero amount`);
  });
  const scheduleSeen = new Map<string, number>();
  const beneficiaries = new Set<string>();
  doc.modules.vesting.schedules.forEach((s, i) => {
    const at = `vesting.schedules[${i}]`;
    if (!isAddress(s.beneficiary)) problems.push(`${at}: invalid beneficiary ${JSON.stringify(s.beneficiary)}`);
    else if (MODULE_NAMES.has(s.beneficiary.toLowerCase())) problems.push(`${at}: beneficiary is a module account`);
    else if (beneficiaries.has(s.beneficiary.toLowerCase()))
      problems.push(`${at}: duplicate beneficiary ${s.beneficiary}`);
    else beneficiaries.add(s.beneficiary.toLowerCase());
    if (amountOf(s.total) === null) problems.push(`${at}: invalid total ${JSON.stringify(s.total)}`);
    if (amountOf(s.start) === null) problems.push(`${at}: invalid start ${JSON.stringify(s.start)}`);
    const first = scheduleSeen.get(s.label);
    if (first !== undefined) problems.push(`${at}: duplicate label "${s.label}" (also vesting.schedules[${first}])`);
    scheduleSeen.set(s.label, i);
  });
  const supply = genesisSupply(doc);
  for (const [label, expected] of [
    [VestingLabel.team, TEAM_SUPPLY],
    [VestingLabel.fiveMiles, FIVEMILES_SUPPLY],
  ] as const) {
    const s = supply.schedules.find((x) => x.label === label);
    if (!s) problems.push(`vesting: no "${label}" schedule (white paper §7: ${cmt(expected)} vesting over 2.5 years)`);
    else if (s.total !== expected)
      problems.push(`vesting: "${label}" totals ${cmt(s.total)}, expected ${cmt(expected)}`);
  }
  const scheduled = supply.schedules.reduce((sum, s) => sum + s.total, 0n);
  if (supply.vesting !== scheduled) {
    problems.push(`vesting: module account holds ${cmt(supply.vesting)} but its schedules total ${cmt(scheduled)}`);
  }
  if (supply.offering !== OFFERING_SUPPLY) {
    problems.push(`offering: balances total ${cmt(supply.offering)}, expected ${cmt(OFFERING_SUPPLY)}`);
  }
  if (supply.reserve !== RESERVE_SUPPLY) {
    problems.push(`reserve: holds ${cmt(supply.reserve)}, expected ${cmt(RESERVE_SUPPLY)}`);
  }
  if (supply.total !== GENESIS_SUPPLY) {
    problems.push(`supply: all balances total ${cmt(supply.total)}, expected exactly ${cmt(GENESIS_SUPPLY)}`);
  }
  return problems;
}

/**
 * Every check of a genesis document read from a file: its shape, chain id, time, gas limit, gas
 * price and validator set, then `validateGenesisSupply`. Returns the problems (empty when valid).
 */
export function validateGenesis(input: unknown): string[] {
  const shape = shapeProblems(input);
  if (shape.length > 0) return shape;
  const doc = input as GenesisDoc;
  const problems: string[] = [];
  const positive = (v: unknown, what: string) => {
    const n = amountOf(v);
    if (n === null || n === 0n) problems.push(`${what}: expected a positive decimal integer, got ${JSON.stringify(v)}`);
  };
  positive(doc.chainId, "chainId");
  if (amountOf(doc.genesisTime) === null)
    problems.push(`genesisTime: expected decimal ms, got ${JSON.stringify(doc.genesisTime)}`);
  positive(doc.consensus.blockGasLimit, "consensus.blockGasLimit");
  if (amountOf(doc.params.minGasPrice) === null) {
    problems.push(`params.minGasPrice: expected decimal wei, got ${JSON.stringify(doc.params.minGasPrice)}`);
  }
  if (doc.consensus.validators.length === 0) problems.push("consensus.validators: at least one validator is needed");
  const seen = new Set<string>();
  doc.consensus.validators.forEach((v, i) => {
    const at = `consensus.validators[${i}]`;
    if (!isAddress(v.address)) problems.push(`${at}: invalid address ${JSON.stringify(v.address)}`);
    else if (seen.has(v.address.toLowerCase())) problems.push(`${at}: duplicate validator ${v.address.toLowerCase()}`);
    else seen.add(v.address.toLowerCase());
    positive(v.power, `${at}.power`);
  });
  return [...problems, ...validateGenesisSupply(doc), ...validateStakingGenesis(doc)];
}

function shapeProblems(x: unknown): string[] {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!obj(x)) return ["genesis: not a JSON object"];
  const problems: string[] = [];
  if (!obj(x.consensus) || !Array.isArray(x.consensus.validators)) problems.push("consensus.validators: missing");
  if (!obj(x.params)) problems.push("params: missing");
  if (!obj(x.modules)) return [...problems, "modules: missing"];
  const { bank, vesting } = x.modules;
  if (!obj(bank) || !Array.isArray(bank.balances)) problems.push("modules.bank.balances: missing");
  else if (!bank.balances.every(obj)) problems.push("modules.bank.balances: every entry must be an object");
  if (!obj(vesting) || !Array.isArray(vesting.schedules)) problems.push("modules.vesting.schedules: missing");
  else if (!vesting.schedules.every(obj)) problems.push("modules.vesting.schedules: every entry must be an object");
  if (x.modules.staking !== undefined && (!obj(x.modules.staking) || !Array.isArray(x.modules.staking.validators)))
    problems.push("modules.staking.validators: missing");
  if (x.modules.distribution !== undefined && !obj(x.modules.distribution))
    problems.push("modules.distribution: must be an object");
  if (obj(x.consensus) && Array.isArray(x.consensus.validators) && !x.consensus.validators.every(obj)) {
    problems.push("consensus.validators: every entry must be an object");
  }
  return problems;
}
