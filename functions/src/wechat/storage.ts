import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';

/**
 * The one cached WeChat access token of an app, shared by every Lambda container:
 * `WECHAT#ACCESS_TOKEN / APP#<appId>` with the token, when it expires and when to refresh
 * it, a version that each refresh increments, and a short refresh lease so that one
 * container refreshes while the others keep using the current token.
 */
export interface StoredAccessToken {
  token?: string;
  /** epoch ms */
  expiresAt?: number;
  /** epoch ms: from here on, the next caller refreshes */
  refreshAt?: number;
  version?: number;
}

export async function readAccessToken(appId: string): Promise<StoredAccessToken | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.wechatAccessToken(appId), ConsistentRead: true }));
  return Item ? { token: Item.token, expiresAt: Item.expiresAt, refreshAt: Item.refreshAt, version: Item.version } : undefined;
}

/**
 * Takes the refresh lease: only if nobody refreshed since `seen` was read (same version)
 * and no other lease is running. False when another container got there first.
 */
export async function claimRefresh(appId: string, seen: StoredAccessToken | undefined, owner: string, now: number, leaseMs: number): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.wechatAccessToken(appId),
        UpdateExpression: 'SET entity = :entity, leaseOwner = :owner, leaseUntil = :until',
        ConditionExpression: `${seen?.version === undefined ? 'attribute_not_exists(version)' : 'version = :version'} AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)`,
        ExpressionAttributeValues: {
          ':entity': 'WechatAccessToken',
          ':owner': owner,
          ':until': now + leaseMs,
          ':now': now,
          ...(seen?.version === undefined ? {} : { ':version': seen.version }),
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Stores a fresh token and ends the lease; false when the lease was lost meanwhile. */
export async function storeAccessToken(appId: string, owner: string, fresh: { token: string; expiresAt: number; refreshAt: number }): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.wechatAccessToken(appId),
        UpdateExpression: 'SET #token = :token, expiresAt = :expiresAt, refreshAt = :refreshAt, version = if_not_exists(version, :zero) + :one REMOVE leaseOwner, leaseUntil',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':token': fresh.token, ':expiresAt': fresh.expiresAt, ':refreshAt': fresh.refreshAt, ':owner': owner, ':zero': 0, ':one': 1 },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
