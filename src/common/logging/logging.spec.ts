import { Writable } from 'node:stream';
import pino from 'pino';
import { httpLoggerParams, pathOnly, pinoOptions } from './logging';

function capture(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

describe('logs carry no identity number and no key', () => {
  it('redacts idNumber fields at any depth and the Authorization header', () => {
    const out = capture();
    const log = pino(pinoOptions('info'), out.stream);
    log.info(
      {
        applicant: { idNumber: '11010519491231002X' },
        req: { headers: { authorization: 'Bearer rcs_secret' } },
        key: 'rcs_secret',
      },
      'x',
    );
    log.info({ body: { applicants: { first: { idNumber: '11010519491231002X' } } } }, 'y');
    expect(out.lines()).not.toContain('11010519491231002X');
    expect(out.lines()).not.toContain('rcs_secret');
    expect(out.lines()).toContain('[redacted]');
  });

  it('request logs keep the path only: query strings can hold names or ID numbers', () => {
    expect(pathOnly('/v1/cases?applicantName=张三&x=11010519491231002X')).toBe('/v1/cases');
    const params = httpLoggerParams('info');
    const serializers = (params.pinoHttp as { serializers: { req: (r: object) => object } }).serializers;
    expect(serializers.req({ id: 'r1', method: 'GET', url: '/v1/cases?applicantName=张三' })).toEqual({
      id: 'r1',
      method: 'GET',
      path: '/v1/cases',
    });
  });
});
