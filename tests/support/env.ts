/**
 * Where the test stack runs. scripts/test.ts starts it once for the whole run and passes
 * these in the environment; a test that needs it and finds nothing says how to get it.
 */
function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`npm test\`, which starts the local stack`);
  return value;
}

export const stackEnv = {
  get apiUrl() {
    return need('RS_API_URL');
  },
  get webUrl() {
    return need('RS_WEB_URL');
  },
  get dynamoEndpoint() {
    return need('RS_DDB_ENDPOINT');
  },
  get tableName() {
    return need('RS_TABLE');
  },
  /** The stack's S3-compatible server (photo uploads) and its bucket. */
  get s3Endpoint() {
    return need('RS_S3_ENDPOINT');
  },
  get uploadsBucket() {
    return need('RS_UPLOADS_BUCKET');
  },
  get apiLogFile() {
    return need('RS_API_LOG');
  },
};
