import type { MemberEntity, MemberKeyEntity } from '../database/entities/index.js';
import type { Member, MemberKey } from './member.model.js';

export function toMemberKey(k: MemberKeyEntity): MemberKey {
  return {
    kid: k.kid,
    country: k.country,
    jwk: k.jwk,
    validFrom: k.validFrom,
    validUntil: k.validUntil,
    revokedAt: k.revokedAt,
    compromisedAt: k.compromisedAt,
    source: k.source,
    announcedBy: k.announcedBy,
    addedAt: k.addedAt,
  };
}

export function toMember(m: MemberEntity, keys: readonly MemberKeyEntity[]): Member {
  return {
    country: m.country,
    nodeId: m.nodeId,
    displayName: m.displayName,
    status: m.status,
    createdAt: m.createdAt,
    revokedAt: m.revokedAt,
    lastSeenAt: m.lastSeenAt,
    entryCount: m.entryCount,
    keys: keys.map(toMemberKey),
  };
}
