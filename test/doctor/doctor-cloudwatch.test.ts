/**
 * `lastcall doctor` for CloudWatch: API mode through the real AWS SDK,
 * pointed at a loopback stand-in with `AWS_ENDPOINT_URL_CLOUDWATCH` (which
 * the SDK reads itself), and EMF mode, which sends nothing. The secret
 * access key is never printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeCloudWatch } from '../cloudwatch/fake-cloudwatch.js'
import { refusedPort } from '../support/scripted-server.js'
import { runDoctor } from './run-doctor.js'

const SECRET = 'doctor-secret-4d3c2b1a'
const API = ['doctor', '--cloudwatch', 'DoctorCheck', '--cloudwatch-mode', 'api']
const awsEnv = (endpoint: string): Record<string, string> => ({
  AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDDOCTOR', AWS_SECRET_ACCESS_KEY: SECRET, AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
})

describe('lastcall doctor: CloudWatch', () => {
  let fake: FakeCloudWatch
  beforeAll(async () => {
    fake = await new FakeCloudWatch().start()
  })
  afterAll(async () => {
    await fake?.stop()
  })

  it('API mode: sends one datum with PutMetricData, reports the answer and the endpoint, exit 0', async () => {
    fake.respond = () => undefined
    const before = fake.requests.length
    const run = await runDoctor(API, awsEnv(fake.endpoint))
    expect(run.stdout).toContain('cloudwatch: ok')
    expect(run.stdout).toContain(`config    --cloudwatch=DoctorCheck (api mode, region eu-west-1, endpoint ${fake.endpoint})`)
    expect(run.stdout).toMatch(/reachable yes \(HTTP 200; 1 attempt\)/)
    expect(run.stdout).toContain('accepted  1 metric point sent with PutMetricData')
    expect(run.code).toBe(0)
    const sent = fake.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ namespace: 'DoctorCheck' })
    expect(sent[0]?.datums.map((d) => d.MetricName)).toEqual(['lastcall_doctor_checks_total'])
    expect(run.all).not.toContain(SECRET)
  })

  it('API mode, access denied: an HTTP answer, no "accepted" line, the IAM hint, exit 1', async () => {
    fake.respond = () => ({
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:PutMetricData' }),
    })
    for (const json of [false, true]) {
      const run = await runDoctor([...API, ...(json ? ['--json'] : [])], awsEnv(fake.endpoint))
      expect(run.code).toBe(1)
      expect(run.all).not.toContain(SECRET)
      if (json) {
        const view = (JSON.parse(run.stdout) as { backends: Array<Record<string, unknown>> }).backends[0]
        expect(view).toMatchObject({ backend: 'cloudwatch', ok: false, reachable: true, status: 400, accepted: null })
        continue
      }
      expect(run.stdout).toContain('cloudwatch: FAILED')
      expect(run.stdout).toMatch(/reachable yes \(HTTP 400; 1 attempt\)/)
      expect(run.stdout).not.toContain('accepted')
      expect(run.stdout).toMatch(/error +.*AccessDeniedException/)
      expect(run.stdout).toMatch(/fix +the identity may not write metrics: allow cloudwatch:PutMetricData in its IAM policy/)
    }
  })

  it('API mode, nothing listening: not reachable, the endpoint hint, exit 1', async () => {
    const endpoint = `http://127.0.0.1:${await refusedPort()}`
    const run = await runDoctor([...API, '--timeout', '1500'], awsEnv(endpoint))
    expect(run.stdout).toContain('cloudwatch: FAILED')
    expect(run.stdout).toMatch(/reachable no \(.*ECONNREFUSED/)
    expect(run.stdout).toMatch(/fix +nothing answers at the CloudWatch endpoint/)
    expect(run.all).not.toContain(SECRET)
    expect(run.code).toBe(1)
  })

  it('EMF mode: writes a document, sends nothing, exit 0', async () => {
    const before = fake.requests.length
    const run = await runDoctor(['doctor', '--cloudwatch', 'DoctorCheck'], awsEnv(fake.endpoint))
    expect(run.stdout).toContain('cloudwatch: ok')
    expect(run.stdout).toContain('reachable n/a (EMF is written to stdout, nothing is sent)')
    expect(run.stdout).toContain('accepted  1 EMF document written, not sent')
    expect(fake.requests.length).toBe(before)
    expect(run.code).toBe(0)
  })
})
