import { keyState, type Member, type MemberKey } from '../member.model.js';
import { KeySourceEnum, KeyStateEnum, MemberStatusEnum, type MemberKeyObject, type NetworkNodeObject } from './member.types.js';

export function toMemberKeyObject(k: MemberKey, now: Date): MemberKeyObject {
  return {
    kid: k.kid,
    country: k.country,
    state: KeyStateEnum[keyState(k, now)],
    validFrom: k.validFrom,
    validUntil: k.validUntil,
    revokedAt: k.revokedAt,
    compromisedAt: k.compromisedAt,
    source: k.source === 'admin' ? KeySourceEnum.ADMIN : KeySourceEnum.ANNOUNCEMENT,
    announcedBy: k.announcedBy,
    addedAt: k.addedAt,
    jwk: JSON.stringify(k.jwk),
  };
}

export function toNetworkNodeObject(m: Member, now: Date): NetworkNodeObject {
  return {
    country: m.country,
    nodeId: m.nodeId,
    displayName: m.displayName,
    status: m.status === 'active' ? MemberStatusEnum.ACTIVE : MemberStatusEnum.REVOKED,
    createdAt: m.createdAt,
    revokedAt: m.revokedAt,
    lastSeenAt: m.lastSeenAt,
    entryCount: m.entryCount,
    keyIds: m.keys.map((k) => k.kid),
    keys: m.keys.map((k) => toMemberKeyObject(k, now)),
  };
}
