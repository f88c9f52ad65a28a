/** The help text, and what the doctor prints when nothing is configured. */

/** `lastcall --help`. */
export const USAGE = `Usage: lastcall doctor [options]

Sends one test flush (a lastcall_doctor_checks_total counter and a span) to
every configured backend, as a function would, and says per backend whether
it was reachable, the HTTP status, the latency, what was accepted, and how
to fix what failed. Exit status: 0 all ok, 1 a backend failed, 2 nothing
configured or bad arguments.

Backends (a flag replaces the variable of its backend):
  --remote-write URL   LASTCALL_REMOTE_WRITE_URL      e.g. http://prometheus:9090/api/v1/write
  --pushgateway URL    LASTCALL_PUSHGATEWAY_URL       e.g. http://pushgateway:9091
  --otlp URL           OTEL_EXPORTER_OTLP_ENDPOINT    base URL, e.g. http://collector:4318
                       (also OTEL_EXPORTER_OTLP_{METRICS,TRACES}_ENDPOINT, _HEADERS,
                       _PROTOCOL, _COMPRESSION, read as the otlp adapter reads them)
  --cloudwatch NS      LASTCALL_CLOUDWATCH_NAMESPACE
  --cloudwatch-mode M  emf (default: documents are built, not sent) or api (PutMetricData)

Credentials, from the environment only (never printed):
  LASTCALL_REMOTE_WRITE_BEARER_TOKEN, or LASTCALL_REMOTE_WRITE_USERNAME and _PASSWORD
  LASTCALL_PUSHGATEWAY_BEARER_TOKEN,  or LASTCALL_PUSHGATEWAY_USERNAME and _PASSWORD

Options:
  --timeout MS         flush deadline per backend (default 5000, at most 25000)
  --service NAME       job / service.name of the test data (default lastcall-doctor)
  --json               print JSON instead of text
  --help               this text

The remote-write check leaves one lastcall_doctor_checks_total series in the
receiver; the Pushgateway check deletes its group again.
`

/** Printed (to stderr) when no flag or variable names a backend. */
export const NOTHING_CONFIGURED = `lastcall doctor: no backend is configured.

Set one of LASTCALL_REMOTE_WRITE_URL, LASTCALL_PUSHGATEWAY_URL,
OTEL_EXPORTER_OTLP_ENDPOINT or LASTCALL_CLOUDWATCH_NAMESPACE, as your
function does, or pass --remote-write, --pushgateway, --otlp or --cloudwatch:

  LASTCALL_REMOTE_WRITE_URL=http://localhost:9090/api/v1/write npx lastcall doctor
  npx lastcall doctor --otlp http://localhost:4318

\`npx lastcall doctor --help\` lists every option.
`
