import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Roles } from '@shared/roles';
import type { Home } from '@shared/api/home';
import { ddb, fromItem, getTogether, isConditionFailure, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';

/** A user as stored: the profile item `USER#<id>/PROFILE`. */
export interface UserRecord {
  id: string;
  openid: string;
  unionid?: string;
  nickname: string;
  avatarUrl?: string;
  roles: Roles;
  /** 我家 (home/): set by the resident, absent until then. */
  home?: Home;
  createdAt: string;
}

const ENTITY = 'User';

/** A user record; read together with the other reads its request starts at the same time (a route's prefetch). */
export async function getUser(userId: string): Promise<UserRecord | undefined> {
  const [Item] = await getTogether([keys.user(userId)]);
  return Item ? fromItem<UserRecord>(Item) : undefined;
}

export async function findUserIdByOpenid(openid: string): Promise<string | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.openid(openid) }));
  return Item?.userId as string | undefined;
}

/**
 * Creates the user and the openid pointer in one transaction, each only if absent.
 * Returns false when either exists already (a concurrent first login, or a re-seed).
 */
export async function createUser(user: UserRecord): Promise<boolean> {
  try {
    await ddb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.user(user.id), entity: ENTITY, ...user },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.openid(user.openid), entity: 'OpenidPointer', userId: user.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * Sets or clears the confirmed-party-member role on a user's profile (members/ calls this
 * when an admin confirms an application or a member withdraws). False when no such user.
 */
/** The role change of `setMemberRole` as an item of another domain's transaction (members: review, withdrawal). */
export function memberRoleUpdate(userId: string, member: boolean): NonNullable<TransactWriteCommandInput['TransactItems']>[number] {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.user(userId),
      UpdateExpression: 'SET #roles.#member = :m',
      ExpressionAttributeNames: { '#roles': 'roles', '#member': 'member' },
      ExpressionAttributeValues: { ':m': member },
    },
  };
}

export async function setMemberRole(userId: string, member: boolean): Promise<boolean> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression: 'SET #roles.#member = :m',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#roles': 'roles', '#member': 'member' },
        ExpressionAttributeValues: { ':m': member },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
