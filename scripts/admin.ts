/**
 * `npm run admin -- <command>`: appointments from the command line, the only way to make a
 * system administrator 系统管理员 (root). Uses the functions' own appointment code, so a
 * grant or revoke here writes the profile, the grant item and the audit entry in one
 * transaction, exactly like the API.
 *
 *   npm run admin -- grant  <openid|userId> root|street:<id>|community:<id>|station:<id>|grid:<id> [--name 姓名 --phone 电话]
 *   npm run admin -- revoke <openid|userId> root|street:<id>|community:<id>|station:<id>|grid:<id>
 *   npm run admin -- who    <openid|userId>
 *
 * Target: the local stack (DynamoDB Local on DDB_PORT, default 8000, table red-station-local;
 * DYNAMODB_ENDPOINT / TABLE_NAME override) unless `--stage <stage>` names a deployed one:
 * then the table is `red-station-<stage>` (serverless.yml custom.tableName) in AWS_REGION,
 * with the AWS credentials of the environment.
 */
import { userInfo } from 'node:os';

interface Parsed {
  command: 'grant' | 'revoke' | 'who';
  who: string;
  scope?: { role: 'root' | 'street' | 'admin' | 'staff' | 'gridWorker'; scopeId: string };
  stage?: string;
  name?: string;
  phone?: string;
}

const USAGE = `用法：
  npm run admin -- grant  <openid|用户ID> root|street:<街道ID>|community:<社区ID>|station:<驿站ID>|grid:<网格ID> [--name 姓名 --phone 工作电话]
  npm run admin -- revoke <openid|用户ID> root|street:<街道ID>|community:<社区ID>|station:<驿站ID>|grid:<网格ID>
  npm run admin -- who    <openid|用户ID>
  加 --stage prod 操作已部署的环境（使用环境中的 AWS 凭证和 AWS_REGION）。`;

const SCOPE_ROLES = { street: 'street', community: 'admin', station: 'staff', grid: 'gridWorker' } as const;

function parseArgs(argv: string[]): Parsed {
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${a} 缺少取值\n${USAGE}`);
      flags[a.slice(2)] = value;
      i++;
    } else rest.push(a);
  }
  const [command, who, scopeArg] = rest;
  if (command !== 'grant' && command !== 'revoke' && command !== 'who') throw new Error(USAGE);
  if (!who) throw new Error(`请提供 openid 或用户ID\n${USAGE}`);
  const parsed: Parsed = { command, who, ...(flags.stage ? { stage: flags.stage } : {}), ...(flags.name ? { name: flags.name } : {}), ...(flags.phone ? { phone: flags.phone } : {}) };
  if (command === 'who') return parsed;
  if (scopeArg === 'root') return { ...parsed, scope: { role: 'root', scopeId: '-' } };
  const m = /^(street|community|station|grid):(.+)$/.exec(scopeArg ?? '');
  if (!m) throw new Error(`无法识别的范围「${scopeArg ?? ''}」\n${USAGE}`);
  return { ...parsed, scope: { role: SCOPE_ROLES[m[1] as keyof typeof SCOPE_ROLES], scopeId: m[2] } };
}

/** Points the storage modules at the chosen table before any of them is loaded. */
function target(stage: string | undefined): string {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (stage && stage !== 'local') {
    process.env.STAGE = stage;
    process.env.TABLE_NAME = `red-station-${stage}`;
    delete process.env.DYNAMODB_ENDPOINT;
    return `${process.env.TABLE_NAME}（${process.env.AWS_REGION ?? 'ap-east-1'}）`;
  }
  process.env.STAGE = 'local';
  process.env.DYNAMODB_ENDPOINT ||= `http://127.0.0.1:${process.env.DDB_PORT ?? 8000}`;
  process.env.TABLE_NAME ||= 'red-station-local';
  return `${process.env.TABLE_NAME}（${process.env.DYNAMODB_ENDPOINT}）`;
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (!args.stage || args.stage === 'local') process.env.AWS_REGION ||= 'ap-east-1';
  const where = target(args.stage);
  const { findUserIdByOpenid, getUser } = await import('../functions/src/auth/storage');
  const { upsertUserByOpenid } = await import('../functions/src/auth/domain');
  const { changeRole, resolveScope, roleLabel } = await import('../functions/src/roles/appointments');
  const { AppError } = await import('../functions/src/lib/errors');

  try {
    let user = (await getUser(args.who)) ?? (await findUserIdByOpenid(args.who).then((id) => (id ? getUser(id) : undefined)));
    if (!user && args.command === 'grant') {
      // The first administrator may not have opened the mini-program yet: their openid becomes a user now.
      user = await upsertUserByOpenid(args.who);
      console.log(`已为 openid ${args.who} 创建用户 ${user.id}`);
    }
    if (!user) throw new Error(`找不到用户：${args.who}（请提供 openid 或用户ID）`);

    if (args.command === 'who') {
      const r = user.roles;
      const lines: string[] = [];
      const add = async (role: 'root' | 'street' | 'admin' | 'staff' | 'gridWorker', ids: string[]) => {
        for (const id of ids) {
          const name = role === 'root' ? '' : await resolveScope(role, id).then((s) => s.scopeName, () => '（已不存在）');
          lines.push(`  ${roleLabel(role)}${role === 'root' ? '' : `  ${id}  ${name}`}`);
        }
      };
      await add('root', r.root ? ['-'] : []);
      await add('street', r.streetIds ?? []);
      await add('admin', r.adminCommunityIds);
      await add('staff', r.staffStationIds);
      await add('gridWorker', r.gridIds ?? []);
      console.log(`用户 ${user.id}（${user.nickname}，openid ${user.openid}）  数据表 ${where}`);
      console.log(`  居民${r.member ? '、党员' : ''}`);
      console.log(lines.length > 0 ? lines.join('\n') : '  （无管理职务）');
      return;
    }

    const scope = await resolveScope(args.scope!.role, args.scope!.scopeId);
    if (scope.role === 'gridWorker' && args.command === 'grant' && (!args.name || !args.phone)) {
      throw new Error('任命网格员须提供 --name 姓名 和 --phone 工作电话（居民在楼栋页看到打码后的号码）');
    }
    await changeRole({
      kind: args.command,
      userId: user.id,
      scope,
      actorId: `cli:${userInfo().username}`,
      via: 'cli',
      ...(scope.role === 'gridWorker' && args.command === 'grant' ? { worker: { name: args.name!, phone: args.phone! } } : {}),
    });
    const what = `${roleLabel(scope.role)}${scope.role === 'root' ? '' : `（${scope.scopeName}）`}`;
    console.log(`${args.command === 'grant' ? '已任命' : '已撤销'}：${user.nickname}（${user.id}）${args.command === 'grant' ? '为' : '的'}${what}  数据表 ${where}`);
  } catch (err) {
    if (err instanceof AppError) throw new Error(err.message);
    throw err;
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
