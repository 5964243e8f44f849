import { describe, expect, it } from 'vitest';
import { clientProblem, redactForClient, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it.each([
    ['rtsp://user:S3cretPw@127.0.0.1:1/stream', 'rtsp://***@127.0.0.1:1/stream'],
    ['mqtt://ingest:pa55@broker.plant:1883', 'mqtt://***@broker.plant:1883'],
    ['mqtts://ACCESS_TOKEN@broker:8883', 'mqtts://***@broker:8883'],
    ['rtsp://admin:p@ss@cam-7/h264', 'rtsp://***@cam-7/h264'],
    ['rtsp://admin:p%40ss%2Fx@cam-7', 'rtsp://***@cam-7'],
    ['http://nvr:5000/api/events/1/snapshot.jpg?token=abc123&h=300', 'http://nvr:5000/api/events/1/snapshot.jpg?token=***&h=300'],
    ['https://cam/x?Password=Hunter2#frag', 'https://cam/x?Password=***#frag'],
    ['rtsp://cam/x?user=a&pwd=b', 'rtsp://cam/x?user=a&pwd=***'],
  ])('%s → %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves URLs without credentials and plain text untouched', () => {
    for (const text of ['mqtt://127.0.0.1:1883', 'rtsp://cam-7/stream?fps=5', 'mail alice@example.com about it', 'x = 3', '/data/rec.mcap']) expect(redactSecrets(text)).toBe(text);
  });

  it('hides every URL in free text, as ffmpeg prints it', () => {
    const stderr = '[tcp @ 0x5602] Connection to tcp://127.0.0.1:1 failed: Connection refused\nrtsp://user:S3cretPw@127.0.0.1:1/stream: Connection refused';
    const redacted = redactSecrets(stderr);
    expect(redacted).not.toContain('S3cretPw');
    expect(redacted).toContain('[tcp @ 0x5602] Connection to tcp://127.0.0.1:1 failed');
    expect(redacted).toContain('rtsp://***@127.0.0.1:1/stream: Connection refused');
  });

  it('keeps a JSON log line valid: the userinfo never runs past a quote', () => {
    const line = JSON.stringify({ url: 'mqtt://u:S3cretPw@host:1883', msg: 'MQTT connected', contact: 'ops@plant' });
    const redacted = redactSecrets(line);
    expect(JSON.parse(redacted)).toEqual({ url: 'mqtt://***@host:1883', msg: 'MQTT connected', contact: 'ops@plant' });
  });
});

describe('redactForClient', () => {
  it('replaces absolute server paths by the file name', () => {
    expect(redactForClient('The recording file cannot be found: /home/op/.local/share/safetwin/recordings/rec-1.mcap')).toBe('The recording file cannot be found: rec-1.mcap');
    expect(redactForClient("ENOENT: no such file or directory, open '/srv/safetwin/vision/evidence/a.jpg'")).toBe("ENOENT: no such file or directory, open 'a.jpg'");
    expect(redactForClient('Repair it: safetwin recordings repair "/data/recordings/x.mcap"')).toBe('Repair it: safetwin recordings repair "x.mcap"');
    expect(redactForClient('the recordings folder C:\\Users\\op\\AppData\\Roaming\\SafeTwin\\recordings does not exist')).toBe('the recordings folder recordings does not exist');
  });

  it('keeps URLs, API paths inside URLs, units and ratios', () => {
    for (const text of ['see http://core:4800/api/scene', 'wind 3 m/s from 270°', '10/20 persons', 'a message without paths']) expect(redactForClient(text)).toBe(text);
  });

  it('also hides credentials', () => {
    expect(redactForClient('camera CAM-01: rtsp://user:S3cretPw@10.0.0.5/stream: 401 Unauthorized')).toBe('camera CAM-01: rtsp://***@10.0.0.5/stream: 401 Unauthorized');
  });

  it('applies to every text field of a problem', () => {
    const problem = { code: 'ST_ERR_VISION_STREAM', severity: 'error' as const, message: 'rtsp://a:S3cretPw@h/s: refused', tip: 'check /etc/safetwin/config.json', location: '/opt/safetwin/dist/renderer' };
    expect(clientProblem(problem)).toEqual({ code: 'ST_ERR_VISION_STREAM', severity: 'error', message: 'rtsp://***@h/s: refused', tip: 'check config.json', location: 'renderer' });
    expect(clientProblem({ code: 'X', message: 'plain' })).toEqual({ code: 'X', message: 'plain' });
  });
});
