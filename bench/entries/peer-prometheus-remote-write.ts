// prometheus-remote-write: push one sample with the platform fetch.
import { pushTimeseries } from 'prometheus-remote-write'

export default {
  async fetch(): Promise<Response> {
    await pushTimeseries({ labels: { __name__: 'hits_total' }, samples: [{ value: 1 }] }, { url: 'https://prometheus.example.com/api/v1/write', fetch })
    return new Response('ok')
  },
}
