import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import type { Logger } from "../lib/index.js";
import { NetworkError, NetworkErrorCode } from "./errors.js";

/**
 * The node's peer key file: JSON `{"type":"Ed25519","privateKey":"<base64 libp2p protobuf>"}`,
 * mode 0600. The protobuf is libp2p's own key encoding (`privateKeyToProtobuf`), the same bytes
 * go-libp2p and js-libp2p store, so a key can move between implementations.
 */
interface PeerKeyFile {
  type: string;
  privateKey: string;
}

/** Load the peer key, or create an Ed25519 key and write it (0600, atomically) if the file is missing. */
export async function loadOrCreatePeerKey(file: string, log: Logger): Promise<PrivateKey> {
  const existing = await readKeyFile(file);
  if (existing !== null) {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) log.warn({ file, mode: mode.toString(8) }, "peer key file is readable by others");
    return existing;
  }
  const key = await generateKeyPair("Ed25519");
  const body: PeerKeyFile = { type: key.type, privateKey: Buffer.from(privateKeyToProtobuf(key)).toString("base64") };
  await mkdir(dirname(file), { recursive: true });
  // Write a private temp file, then rename: a crash never leaves a half-written key behind.
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600, flag: "wx" });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  log.info({ file }, "created peer key");
  return key;
}

async function readKeyFile(file: string): Promise<PrivateKey | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new NetworkError(NetworkErrorCode.InvalidPeerKey, `cannot read peer key file ${file}`, { file }, err);
  }
  try {
    const body = JSON.parse(text) as Partial<PeerKeyFile>;
    if (typeof body.privateKey !== "string") throw new Error("missing privateKey");
    return privateKeyFromProtobuf(Buffer.from(body.privateKey, "base64"));
  } catch (err) {
    throw new NetworkError(NetworkErrorCode.InvalidPeerKey, `peer key file ${file} is not a valid key`, { file }, err);
  }
}
