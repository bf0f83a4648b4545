/**
 * `npm start`: the whole product on this machine. `npm start -- --fresh` starts with an
 * empty database. Ports: API_PORT (3000), WEB_PORT (10086), DDB_PORT (8000), S3_PORT (4568).
 */
import { API_LOG, DATA_DIR, S3_DATA_DIR, startStack } from './local/stack';
import { runSchedules, scheduledFunctions } from './local/schedules';
import { DEMO_USERS } from '../functions/src/demo/data';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../functions/src/lib/dynamo';
import { keys } from '../functions/src/lib/keys';
import { FAKE_APP_ID, FAKE_APP_SECRET, FAKE_TEMPLATES, startFakeWechat } from '../tests/fakes/wechat-server';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
  const fresh = process.argv.includes('--fresh');
  const lambdaPort = port('LAMBDA_PORT', 3002);
  // WeChat's servers: the fake one, unless a real app is configured (WECHAT_API_BASE); subscription messages 订阅消息 it receives are logged here.
  const wechat = process.env.WECHAT_API_BASE ? undefined : await startFakeWechat(0, { log: (line) => console.log(`· 微信（本地模拟）${line}`) });
  const stack = await startStack({
    ddbPort: port('DDB_PORT', 8000),
    apiPort: port('API_PORT', 3000),
    lambdaPort,
    webPort: port('WEB_PORT', 10086),
    dataDir: DATA_DIR,
    s3Port: port('S3_PORT', 4568),
    s3DataDir: S3_DATA_DIR,
    apiLogFile: API_LOG,
    fresh,
    log: (line) => console.log(`· ${line}`),
    ...(wechat ? { apiEnv: { WECHAT_API_BASE: wechat.url, WECHAT_APP_ID: FAKE_APP_ID, WECHAT_APP_SECRET: FAKE_APP_SECRET } } : {}),
  });
  // H5 has no 订阅 dialog: locally the demo accounts have accepted the fake's templates, so the
  // sender (every minute) delivers their messages to the fake WeChat, which logs them here.
  if (wechat) await topUpDemoCredits();
  runSchedules(lambdaPort, 'red-station', 'local', (line) => console.log(`· ${line}`));
  console.log(`
红色驿站 本地环境已就绪
  小程序（H5）   ${stack.webUrl}
  API           ${stack.apiUrl}   （接口文档 ${stack.apiUrl}/openapi.json，日志 .data/api.log）
  DynamoDB Local ${stack.dynamoEndpoint}   表 ${stack.tableName}，数据保存在 .data/
  对象存储（照片） ${stack.s3Endpoint}   存储桶 ${stack.uploadsBucket}，文件保存在 .data/s3/

演示账号（在 H5 的「我的」页登录时选择）：
${DEMO_USERS.map((u) => `  ${u.openid.padEnd(15)} ${u.nickname}（${u.label}）`).join('\n')}

定时任务（本地每隔相应周期调用一次）：${scheduledFunctions().map((f) => `${f.name}（每 ${f.everyMs / 60_000} 分钟）`).join('、')}

按 Ctrl-C 停止所有服务。`);
}

/** Sets every demo account's credits of the fake's templates to 50 (the table the stack's seed pointed the app at). */
async function topUpDemoCredits(): Promise<void> {
  for (const u of DEMO_USERS) {
    for (const t of FAKE_TEMPLATES) {
      await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.subscribeCredits(u.id, t), entity: 'SubscribeCredits', templateId: t, credits: 50 } }));
    }
  }
}

main().catch((err) => {
  console.error(`启动失败：${(err as Error).message}`);
  process.exit(1);
});
