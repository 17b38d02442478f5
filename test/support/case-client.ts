import request from 'supertest';
import type { App } from 'supertest/types';

/** Small helpers over supertest for case tests: register, act with the current ETag, read. */
export class CaseClient {
  constructor(
    private readonly http: App,
    private readonly key: string,
  ) {}

  private auth() {
    return { authorization: `Bearer ${this.key}` };
  }

  /** GET /v1/cases/{id}/deadlines: every clock with its explanation, as of a date (default today). */
  clocks(id: string, asOf?: string) {
    return request(this.http)
      .get(`/v1/cases/${id}/deadlines${asOf ? `?asOf=${asOf}` : ''}`)
      .set(this.auth());
  }

  register(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return request(this.http).post('/v1/cases').set(this.auth()).set(headers).send(body);
  }

  get(id: string) {
    return request(this.http).get(`/v1/cases/${id}`).set(this.auth());
  }

  async etag(id: string): Promise<string> {
    const res = await this.get(id);
    return res.headers.etag as string;
  }

  /** Performs an action with the case's current ETag (reads it first). */
  async act(id: string, action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const etag = await this.etag(id);
    return request(this.http)
      .post(`/v1/cases/${id}/actions/${action}`)
      .set(this.auth())
      .set({ 'if-match': etag, ...headers })
      .send(body);
  }

  actRaw(id: string, action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return request(this.http).post(`/v1/cases/${id}/actions/${action}`).set(this.auth()).set(headers).send(body);
  }

  async assignHandlers(id: string, names: string[] = ['王明', '李华']) {
    const etag = await this.etag(id);
    return request(this.http)
      .put(`/v1/cases/${id}/handlers`)
      .set(this.auth())
      .set('if-match', etag)
      .send({ handlers: names.map((name) => ({ name })) });
  }

  history(id: string) {
    return request(this.http).get(`/v1/cases/${id}/history`).set(this.auth());
  }

  actions(id: string) {
    return request(this.http).get(`/v1/cases/${id}/actions`).set(this.auth());
  }

  list(query: string) {
    return request(this.http).get(`/v1/cases?${query}`).set(this.auth());
  }
}
