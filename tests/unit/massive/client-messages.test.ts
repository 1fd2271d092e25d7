import { describe, it, expect } from 'vitest';
import {
  STATUS_MESSAGES,
  buildAuth,
  buildSubscribe,
  buildUnsubscribe,
  formatTopic,
  parseAckMessage,
  parseClientMessage,
  parseTopic,
  splitTopics,
  statusFrame,
  subscribedMessage,
  type Topic,
  unsubscribedMessage,
} from '../../../src/massive/client-messages.js';

describe('client frames', () => {
  it('builds the auth frame exactly as the official clients send it', () => {
    expect(buildAuth('KEY')).toBe('{"action":"auth","params":"KEY"}');
  });

  it('joins topics with commas and no spaces', () => {
    expect(buildSubscribe(['T.AAPL', 'Q.AAPL', 'AM.*'])).toBe('{"action":"subscribe","params":"T.AAPL,Q.AAPL,AM.*"}');
    expect(buildUnsubscribe(['T.AAPL'])).toBe('{"action":"unsubscribe","params":"T.AAPL"}');
  });

  it.each([
    ['{"action":"auth","params":"KEY"}', { ok: true, action: 'auth', params: 'KEY' }],
    [
      '{"action":"subscribe","params":"T.AAPL,Q.AAPL,AM.*"}',
      { ok: true, action: 'subscribe', params: 'T.AAPL,Q.AAPL,AM.*' },
    ],
    ['{"action":"unsubscribe","params":"T.AAPL"}', { ok: true, action: 'unsubscribe', params: 'T.AAPL' }],
    ['{"action":"subscribe"', { ok: false, reason: 'invalid_json' }],
    ['', { ok: false, reason: 'invalid_json' }],
    ['["subscribe"]', { ok: false, reason: 'not_object' }],
    ['null', { ok: false, reason: 'not_object' }],
    ['{"action":"publish","params":"x"}', { ok: false, reason: 'bad_action' }],
    ['{"params":"x"}', { ok: false, reason: 'bad_action' }],
    ['{"action":"subscribe","params":["T.AAPL"]}', { ok: false, reason: 'bad_params' }],
    ['{"action":"auth"}', { ok: false, reason: 'bad_params' }],
  ])('parses %s', (text, expected) => {
    expect(parseClientMessage(text)).toEqual(expected);
  });

  it('parses a Buffer frame', () => {
    expect(parseClientMessage(Buffer.from(buildAuth('k')))).toEqual({ ok: true, action: 'auth', params: 'k' });
  });
});

describe('topics', () => {
  it.each([
    ['T.AAPL,Q.AAPL,AM.*', ['T.AAPL', 'Q.AAPL', 'AM.*']],
    [' T.AAPL , Q.MSFT ,', ['T.AAPL', 'Q.MSFT']],
    [',,', []],
    ['', []],
  ])('splits %j', (params, expected) => {
    expect(splitTopics(params)).toEqual(expected);
  });

  it.each<readonly [string, Topic]>([
    ['T.AAPL', { channel: 'T', symbol: 'AAPL' }],
    ['AM.*', { channel: 'AM', symbol: '*' }],
    ['Q.O:SPY251219C00650000', { channel: 'Q', symbol: 'O:SPY251219C00650000' }],
    ['V.I:SPX', { channel: 'V', symbol: 'I:SPX' }],
    ['T.BRK.B', { channel: 'T', symbol: 'BRK.B' }],
    ['FMV.AAPL', { channel: 'FMV', symbol: 'AAPL' }],
    ['LULD.MSFT', { channel: 'LULD', symbol: 'MSFT' }],
    ['NOI.*', { channel: 'NOI', symbol: '*' }],
  ])('parses %s', (topic, expected) => {
    expect(parseTopic(topic)).toEqual(expected);
    expect(formatTopic(expected)).toBe(topic);
  });

  it.each(['AAPL', 'X.AAPL', 't.AAPL', 'T.', '.AAPL', 'T.AA PL', 'T.AAPL,MSFT', 'T.A*', 'T.**', ''])(
    'rejects %j',
    (topic) => {
      expect(parseTopic(topic)).toBeUndefined();
    },
  );

  it('formats a topic from its two parts', () => {
    expect(formatTopic('AM', 'I:VIX')).toBe('AM.I:VIX');
  });
});

describe('status frames', () => {
  it.each([
    [
      'connected',
      STATUS_MESSAGES.connected,
      '[{"ev":"status","status":"connected","message":"Connected Successfully"}]',
    ],
    [
      'auth_success',
      STATUS_MESSAGES.authSuccess,
      '[{"ev":"status","status":"auth_success","message":"authenticated"}]',
    ],
    [
      'auth_failed',
      STATUS_MESSAGES.authFailed,
      '[{"ev":"status","status":"auth_failed","message":"authentication failed"}]',
    ],
    [
      'auth_timeout',
      STATUS_MESSAGES.authTimeout,
      '[{"ev":"status","status":"auth_timeout","message":"No authentication request received."}]',
    ],
    [
      'max_connections',
      STATUS_MESSAGES.maxConnections,
      '[{"ev":"status","status":"max_connections","message":"Maximum number of websocket connections exceeded. You have reached the connection limit for your account. Please contact support at https://polygon.io/contact to increase your limit."}]',
    ],
    ['error', STATUS_MESSAGES.notAuthorized, '[{"ev":"status","status":"error","message":"not authorized"}]'],
    ['error', STATUS_MESSAGES.invalidJson, '[{"ev":"status","status":"error","message":"Invalid JSON"}]'],
    [
      'error',
      STATUS_MESSAGES.subscriptionLimit,
      '[{"ev":"status","status":"error","message":"Subscription limit reached for feed. Please remove some subscriptions and try again."}]',
    ],
    ['success', subscribedMessage('T.AAPL'), '[{"ev":"status","status":"success","message":"subscribed to: T.AAPL"}]'],
    [
      'success',
      unsubscribedMessage('T.AAPL'),
      '[{"ev":"status","status":"success","message":"unsubscribed to: T.AAPL"}]',
    ],
  ])('builds the exact %s frame', (status, message, expected) => {
    expect(statusFrame(status, message)).toBe(expected);
  });

  it.each([
    ['subscribed to: T.AAPL', { action: 'subscribe', topic: 'T.AAPL' }],
    ['unsubscribed to: AM.*', { action: 'unsubscribe', topic: 'AM.*' }],
    ['authenticated', undefined],
  ])('reads the ack %j', (message, expected) => {
    expect(parseAckMessage(message)).toEqual(expected);
  });
});
