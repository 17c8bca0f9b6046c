/**
 * Who is on the other end of an accepted local-channel socket (Linux).
 *
 * Node has no SO_PEERCRED, and we take no native addon. Instead:
 *  1. our end's inode: `/proc/self/fd/<fd>` → `socket:[N]` (the kernel's name for the socket);
 *  2. the peer's inode: `ss -xpnH` (iproute2) asks the kernel over sock_diag netlink, which reports
 *     each Unix socket's own inode and its peer's inode (UNIX_DIAG_PEER) — not something a client
 *     can claim;
 *  3. the processes holding the peer inode: the `users:((…,pid=P,fd=F))` part of the same listing,
 *     confirmed by reading `/proc/P/fd/F` ourselves; each one's real, effective, saved and
 *     filesystem uids (`/proc/P/status`) must equal ours.
 * What it proves: every process that holds the client end at the moment of the check runs as the
 * bridge's user. A process of another user is never visible in step 3 to a non-root bridge (its
 * /proc fds are unreadable), so the check fails closed. Anything unreadable or ambiguous refuses.
 * The first line of defence stays the kernel-enforced 0700 folder and 0600 socket.
 */
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import type { Socket } from 'node:net';

/** Outcome of {@link checkPeer}. */
export type PeerCheck = { ok: true; pids: number[] } | { ok: false; reason: string };

function ssListing(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ss',
      ['-xpnH'],
      { timeout: 5_000, maxBuffer: 16 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

/** One line of `ss -xpnH`: local inode, peer inode and the holders (pid, fd). */
interface SsLine {
  ino: number;
  peer: number;
  users: Array<{ pid: number; fd: number }>;
}

/** Parses `ss -xpnH` output (the last four address fields are: local addr, local inode, peer addr, peer inode). */
export function parseSs(text: string): SsLine[] {
  const out: SsLine[] = [];
  for (const line of text.split('\n')) {
    const u = line.indexOf('users:(');
    const head = (u >= 0 ? line.slice(0, u) : line).trim().split(/\s+/);
    if (head.length < 8) continue;
    const ino = Number(head[head.length - 3]);
    const peer = Number(head[head.length - 1]);
    if (!Number.isInteger(ino) || !Number.isInteger(peer)) continue;
    const users: Array<{ pid: number; fd: number }> = [];
    if (u >= 0) for (const m of line.slice(u).matchAll(/pid=(\d+),fd=(\d+)/g)) users.push({ pid: Number(m[1]), fd: Number(m[2]) });
    out.push({ ino, peer, users });
  }
  return out;
}

function uidsOf(pid: number): number[] | undefined {
  try {
    const m = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? m.slice(1, 5).map(Number) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks that the peer of `sock` (an accepted Unix socket) runs as this process's user.
 * Linux only; elsewhere resolves `{ ok: true, pids: [] }` (the folder permissions are the check).
 */
export async function checkPeer(sock: Socket): Promise<PeerCheck> {
  if (process.platform !== 'linux') return { ok: true, pids: [] };
  const fd = (sock as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return { ok: false, reason: 'no-fd' };
  let ours: number;
  try {
    const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
    if (!m) return { ok: false, reason: 'not-a-socket' };
    ours = Number(m[1]);
  } catch {
    return { ok: false, reason: 'proc-unreadable' };
  }
  let lines: SsLine[];
  try {
    lines = parseSs(await ssListing());
  } catch {
    return { ok: false, reason: 'ss-failed' };
  }
  const mine = lines.find((l) => l.ino === ours);
  if (!mine || !mine.peer) return { ok: false, reason: 'peer-unknown' };
  const theirs = lines.find((l) => l.ino === mine.peer);
  if (!theirs || theirs.users.length === 0) return { ok: false, reason: 'peer-process-unknown' };
  const uid = process.getuid!();
  for (const { pid, fd: pfd } of theirs.users) {
    let link: string;
    try {
      link = fs.readlinkSync(`/proc/${pid}/fd/${pfd}`);
    } catch {
      return { ok: false, reason: 'peer-fd-unreadable' };
    }
    if (link !== `socket:[${mine.peer}]`) return { ok: false, reason: 'peer-fd-changed' };
    const uids = uidsOf(pid);
    if (!uids || uids.some((x) => x !== uid)) return { ok: false, reason: 'peer-uid' };
  }
  return { ok: true, pids: theirs.users.map((x) => x.pid) };
}
