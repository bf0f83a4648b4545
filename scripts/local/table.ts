import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';

const TABLE_FILE = resolve(__dirname, '../../infra/table.yml');

export function rawClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

interface CfnTable {
  Properties: Omit<CreateTableCommandInput, 'TableName'> & {
    TableName: string;
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
    PointInTimeRecoverySpecification?: unknown;
    DeletionProtectionEnabled?: unknown;
  };
}

/**
 * The CreateTable input for DynamoDB Local, read from infra/table.yml — the very file
 * serverless.yml deploys — so the local table and the deployed one cannot drift.
 * Stage-dependent properties (PITR, deletion protection) do not apply locally.
 */
export function localTableDefinition(tableName: string): { create: CreateTableCommandInput; ttlAttribute?: string } {
  const cfn = yaml.load(readFileSync(TABLE_FILE, 'utf8')) as CfnTable;
  const {
    TableName: _name,
    TimeToLiveSpecification,
    PointInTimeRecoverySpecification: _pitr,
    DeletionProtectionEnabled: _dp,
    ...props
  } = cfn.Properties;
  return {
    create: { ...props, TableName: tableName },
    ttlAttribute: TimeToLiveSpecification?.Enabled ? TimeToLiveSpecification.AttributeName : undefined,
  };
}

/** Creates the table (with its GSIs and TTL) unless it exists. Returns true when created. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = rawClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  const { create, ttlAttribute } = localTableDefinition(tableName);
  await client.send(new CreateTableCommand(create));
  if (ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }),
    );
  }
  return true;
}
