import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2ServiceException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  AccountSuspendedException,
  LimitExceededException,
  MessageRejected,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import {
  classifySdkError,
  PermanentSendError,
  RetryableSendError,
  UncertainSendError,
} from '../../../shared/channels/errors.ts';

const metadata = { httpStatusCode: 400, requestId: 'req-1' };

/** A Node socket error as the SDK's HTTP handler lets it through. */
function socketError(code: string, syscall?: string): Error {
  return Object.assign(new Error(`socket failed: ${code}`), {
    code,
    ...(syscall === undefined ? {} : { syscall }),
  });
}

/** How the SDK's HTTP handler passes on a socket error after connecting: renamed, code kept. */
function sdkSocketError(code: string, message = `socket failed: ${code}`): Error {
  return Object.assign(new Error(message), { code, syscall: 'read', name: 'TimeoutError' });
}

describe('classifySdkError: retryable', () => {
  it.each([
    ['SMS ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', $metadata: metadata })],
    [
      'SES TooManyRequestsException',
      new TooManyRequestsException({ message: 'Slow down', $metadata: metadata }),
    ],
    [
      'SES LimitExceededException',
      new LimitExceededException({ message: 'Daily quota', $metadata: metadata }),
    ],
    [
      'an HTTP 429 of any name',
      new PinpointSMSVoiceV2ServiceException({
        name: 'Whatever',
        $fault: 'client',
        $metadata: { httpStatusCode: 429 },
      }),
    ],
  ])('calls %s throttling', (_label, error) => {
    // Prepare: the error above

    // Act
    const classified = classifySdkError(error);

    // Assess
    expect(classified).toBeInstanceOf(RetryableSendError);
    expect(classified).toMatchObject({ name: ERROR_NAMES.retryable, reason: 'throttled', cause: error });
  });

  it.each([
    [
      'an InternalServerException',
      new InternalServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
    ],
    [
      'an unmodelled 500',
      new PinpointSMSVoiceV2ServiceException({
        name: 'InternalFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    [
      'a 503 without a fault',
      Object.assign(new Error('unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    ],
  ])('calls %s a server error', (_label, error) => {
    // Prepare: the error above

    // Act
    const classified = classifySdkError(error);

    // Assess
    expect(classified).toBeInstanceOf(RetryableSendError);
    expect(classified).toMatchObject({ reason: 'server-error' });
  });

  it.each([
    ['ECONNREFUSED', socketError('ECONNREFUSED', 'connect'), 'network'],
    ['ENOTFOUND', socketError('ENOTFOUND', 'getaddrinfo'), 'network'],
    ['EAI_AGAIN', socketError('EAI_AGAIN'), 'network'],
    ['EHOSTUNREACH', socketError('EHOSTUNREACH'), 'network'],
    ['a connect that timed out', socketError('ETIMEDOUT', 'connect'), 'network'],
    [
      "the SDK's connection timeout",
      Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
      'network',
    ],
    [
      'an HTTP 408 answer',
      Object.assign(new Error('timeout'), { name: 'RequestTimeout', $metadata: { httpStatusCode: 408 } }),
      'timeout',
    ],
    ['a thrown string', 'something odd', 'unknown'],
  ])('retries %s, which proves nothing reached the provider', (_label, error, reason) => {
    // Prepare: the error above

    // Act
    const classified = classifySdkError(error);

    // Assess
    expect(classified).toBeInstanceOf(RetryableSendError);
    expect(classified).toMatchObject({ reason });
  });
});

describe('classifySdkError: uncertain', () => {
  it.each([
    ['ECONNRESET after sending', sdkSocketError('ECONNRESET'), 'connection-reset'],
    ['a socket hang up', sdkSocketError('ECONNRESET', 'socket hang up'), 'connection-reset'],
    ['EPIPE while writing', socketError('EPIPE', 'write'), 'connection-reset'],
    ['ECONNABORTED', socketError('ECONNABORTED'), 'connection-reset'],
    ['a read that timed out', sdkSocketError('ETIMEDOUT'), 'provider-timeout'],
    ['ESOCKETTIMEDOUT', socketError('ESOCKETTIMEDOUT'), 'provider-timeout'],
    [
      "the SDK's request timeout",
      Object.assign(new Error('a request has exceeded the configured 5000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      }),
      'provider-timeout',
    ],
    [
      "the SDK's socket inactivity timeout",
      Object.assign(new Error('the request socket timed out after 30000 ms of inactivity'), {
        name: 'TimeoutError',
      }),
      'provider-timeout',
    ],
    ['an aborted call', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 'call-aborted'],
    [
      'a 200 whose body could not be read',
      Object.assign(new Error('Deserialization error'), {
        name: 'SyntaxError',
        $metadata: { httpStatusCode: 200 },
      }),
      'unreadable-response',
    ],
  ])('calls %s uncertain, never retryable', (_label, error, reason) => {
    // Prepare: the error above

    // Act
    const classified = classifySdkError(error);

    // Assess: a retry could deliver the message twice
    expect(classified).toBeInstanceOf(UncertainSendError);
    expect(classified).toMatchObject({ name: 'Parcours.UncertainSend', reason, cause: error });
    expect(classified).not.toBeInstanceOf(RetryableSendError);
  });

  it('still retries a throttled answer or a 503, which the provider gives before taking anything', () => {
    // Prepare
    const throttled = Object.assign(new Error('slow down'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    const unavailable = Object.assign(new Error('unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });

    // Act
    const results = [classifySdkError(throttled), classifySdkError(unavailable)];

    // Assess
    expect(results.map((result) => [result.name, result.reason])).toEqual([
      ['Parcours.Retryable', 'throttled'],
      ['Parcours.Retryable', 'server-error'],
    ]);
  });
});

describe('classifySdkError: permanent', () => {
  it.each([
    ['SES MessageRejected', new MessageRejected({ message: 'rejected', $metadata: metadata }), 'rejected'],
    [
      'SES AccountSuspendedException',
      new AccountSuspendedException({ message: 'suspended', $metadata: metadata }),
      'account-suspended',
    ],
    [
      'SES SendingPausedException',
      new SendingPausedException({ message: 'paused', $metadata: metadata }),
      'sending-paused',
    ],
    [
      'an SMS opt-out conflict',
      new ConflictException({
        message: 'opted out',
        $metadata: metadata,
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      }),
      'opted-out',
    ],
    [
      'a blocked destination country',
      new ValidationException({
        message: 'blocked',
        $metadata: metadata,
        Reason: 'DESTINATION_COUNTRY_BLOCKED',
      }),
      'rejected',
    ],
    [
      'any other SMS validation error',
      new ValidationException({ message: 'bad', $metadata: metadata, Reason: 'INVALID_PARAMETER' }),
      'invalid-message',
    ],
    [
      'a disabled SMS account',
      new AccessDeniedException({ message: 'disabled', $metadata: metadata, Reason: 'ACCOUNT_DISABLED' }),
      'account-suspended',
    ],
    [
      'a missing SMS permission',
      new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }),
      'configuration',
    ],
    [
      'an SMS spend limit',
      new ServiceQuotaExceededException({
        message: 'limit',
        $metadata: metadata,
        Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
      }),
      'quota-exceeded',
    ],
    [
      'an unmodelled client fault',
      new PinpointSMSVoiceV2ServiceException({ name: 'Novel', $fault: 'client', $metadata: metadata }),
      'rejected',
    ],
  ])('gives up on %s', (_label, error, reason) => {
    // Prepare: the error above

    // Act
    const classified = classifySdkError(error);

    // Assess
    expect(classified).toBeInstanceOf(PermanentSendError);
    expect(classified).toMatchObject({ name: ERROR_NAMES.permanentFailure, reason, cause: error });
  });

  it('keeps the service message, which can quote the recipient, out of its own message', () => {
    // Prepare
    const error = new MessageRejected({
      message: 'Email address is not verified: jane.doe@example.com',
      $metadata: metadata,
    });

    // Act
    const classified = classifySdkError(error);

    // Assess
    expect(classified.message).toBe('MessageRejected HTTP 400');
    expect(classified.message).not.toContain('example.com');
  });
});

describe('classifySdkError: already classified', () => {
  it('returns Parcours errors unchanged', () => {
    // Prepare
    const retryable = new RetryableSendError('throttled', 'slow down');
    const permanent = new PermanentSendError('invalid-address', 'no such token', { addresses: ['token-1'] });

    // Act
    const results = [classifySdkError(retryable), classifySdkError(permanent)];

    // Assess
    expect(results[0]).toBe(retryable);
    expect(results[1]).toBe(permanent);
    expect(permanent.addresses).toEqual(['token-1']);
  });
});
