import { describe, expect, it } from 'vitest';
import { EventPattern } from '../../../language/event-pattern.ts';
import { matchesPattern } from '../../../shared/events/pattern-match.ts';

/**
 * The examples of AWS's EventBridge documentation, each as a pattern, events it matches and events
 * it does not. Where a page gives only the pattern, the events are the ones its prose describes.
 */
type DocCase = { name: string; pattern: EventPattern; matches: unknown[]; doesNotMatch: unknown[] };
type DocPage = { page: string; cases: DocCase[] };

const detail = (fields: Record<string, unknown>) => ({ detail: fields });

const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** The sample event of the event-ruler README, which the content-filtering examples are written for. */
const RULER_EVENT = {
  ...EC2_EVENT,
  time: '2017-10-02T16:24:49Z',
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
};

const NUMERIC_FIELDS: EventPattern = {
  'c-count': [{ numeric: ['>', 0, '<=', 5] }],
  'd-count': [{ numeric: ['<', 10] }],
  'x-limit': [{ numeric: ['=', 3.018e2] }],
};

const PAGES: DocPage[] = [
  {
    page: 'Creating Amazon EventBridge event patterns / Event pattern syntax',
    cases: [
      {
        name: 'EC2 instance-termination events',
        pattern: {
          source: ['aws.ec2'],
          'detail-type': ['EC2 Instance State-change Notification'],
          detail: { state: ['terminated'] },
        },
        matches: [EC2_EVENT],
        doesNotMatch: [
          { ...EC2_EVENT, detail: { state: 'running' } },
          { ...EC2_EVENT, source: 'aws.s3' },
        ],
      },
      {
        name: 'source is aws.ec2 or aws.fargate',
        pattern: { source: ['aws.ec2', 'aws.fargate'] },
        matches: [{ source: 'aws.fargate' }, { source: 'aws.ec2' }],
        doesNotMatch: [{ source: 'aws.s3' }],
      },
      {
        name: 'the event must contain every field the pattern names, nested alike',
        pattern: { detail: { state: ['terminated'] } },
        matches: [EC2_EVENT],
        doesNotMatch: [{ ...EC2_EVENT, detail: {} }, { state: 'terminated' }],
      },
    ],
  },
  {
    page: 'Arrays in Amazon EventBridge event patterns',
    cases: [
      {
        name: 'a pattern array and an event array match if they intersect',
        pattern: {
          resources: [
            'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
            'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
            'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
          ],
        },
        matches: [
          {
            resources: [
              'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
              'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
            ],
          },
        ],
        doesNotMatch: [
          { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] },
          { resources: [] },
        ],
      },
    ],
  },
  {
    page: 'Matching null values and empty strings in Amazon EventBridge event patterns',
    cases: [
      {
        name: 'an empty string, which is not null',
        pattern: { detail: { eventVersion: [''] } },
        matches: [detail({ eventVersion: '', responseElements: null })],
        doesNotMatch: [detail({ eventVersion: null }), detail({})],
      },
      {
        name: 'null, which is not an empty string (nor the string "null")',
        pattern: { detail: { responseElements: [null] } },
        matches: [detail({ eventVersion: '', responseElements: null })],
        doesNotMatch: [detail({ responseElements: '' }), detail({ responseElements: 'null' }), detail({})],
      },
    ],
  },
  {
    page: 'Content filtering in Amazon EventBridge event patterns',
    cases: [
      {
        name: 'prefix matching',
        pattern: { time: [{ prefix: '2017-10-02' }] },
        matches: [{ time: '2017-10-02T18:43:48Z' }],
        doesNotMatch: [{ time: '2017-10-03T18:43:48Z' }, { time: 20171002 }],
      },
      {
        name: 'prefix matching while ignoring case',
        pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
        matches: [
          detail({ service: 'EventBridge' }),
          detail({ service: 'EVENTBRIDGE' }),
          detail({ service: 'eventb' }),
        ],
        doesNotMatch: [detail({ service: 'Event Bridge' })],
      },
      {
        name: 'suffix matching',
        pattern: { FileName: [{ suffix: '.png' }] },
        matches: [{ FileName: 'photo.png' }],
        doesNotMatch: [{ FileName: 'photo.PNG' }, { FileName: 'photo.png.jpg' }],
      },
      {
        name: 'suffix matching while ignoring case',
        pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
        matches: [detail({ FileName: 'photo.PNG' }), detail({ FileName: 'photo.png' })],
        doesNotMatch: [detail({ FileName: 'photo.jpg' })],
      },
      {
        name: 'anything-but a string (a missing field is not "anything")',
        pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
        matches: [detail({ state: 'running' })],
        doesNotMatch: [detail({ state: 'initializing' }), detail({})],
      },
      {
        name: 'anything-but a number',
        pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
        matches: [detail({ 'x-limit': 124 })],
        doesNotMatch: [detail({ 'x-limit': 123 })],
      },
      {
        name: 'anything-but a list of strings',
        pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
        matches: [detail({ state: 'running' })],
        doesNotMatch: [detail({ state: 'stopped' }), detail({ state: 'overloaded' })],
      },
      {
        name: 'anything-but a list of numbers',
        pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
        matches: [detail({ 'x-limit': 150 })],
        doesNotMatch: [detail({ 'x-limit': 200 })],
      },
      {
        name: 'anything-but a prefix',
        pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        matches: [detail({ state: 'running' })],
        doesNotMatch: [detail({ state: 'initializing' })],
      },
      {
        name: 'anything-but a suffix',
        pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
        matches: [detail({ FileName: 'notes.md' })],
        doesNotMatch: [detail({ FileName: 'notes.txt' })],
      },
      {
        name: 'anything-but ignoring case',
        pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        matches: [detail({ state: 'running' })],
        doesNotMatch: [detail({ state: 'INITIALIZING' }), detail({ state: 'initializing' })],
      },
      {
        name: 'anything-but a list, ignoring case',
        pattern: {
          detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] },
        },
        matches: [detail({ state: 'running' })],
        doesNotMatch: [detail({ state: 'Stopped' })],
      },
      {
        name: 'anything-but a wildcard',
        pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
        matches: [detail({ FilePath: '/usr/bin/node' })],
        doesNotMatch: [detail({ FilePath: '/usr/lib/node' })],
      },
      {
        name: 'anything-but a list of wildcards',
        pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } },
        matches: [detail({ FilePath: '/usr/share/node' })],
        doesNotMatch: [detail({ FilePath: '/usr/bin/node' })],
      },
      {
        name: 'numeric matching, true for all fields',
        pattern: { detail: NUMERIC_FIELDS },
        matches: [RULER_EVENT],
        doesNotMatch: [
          detail({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }),
          detail({ 'c-count': 5, 'd-count': 3, 'x-limit': '301.8' }),
        ],
      },
      {
        name: 'IP address matching (IPv4)',
        pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
        matches: [detail({ sourceIPAddress: '10.0.0.0' }), detail({ sourceIPAddress: '10.0.0.255' })],
        doesNotMatch: [detail({ sourceIPAddress: '10.0.1.0' }), detail({ sourceIPAddress: 123 })],
      },
      {
        name: 'IP address matching (IPv6)',
        pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
        matches: [detail({ sourceIPAddress: '2001:db8:1234:1a00::8a2e:370:7334' })],
        doesNotMatch: [
          detail({ sourceIPAddress: '2001:db8:1234:1a01::1' }),
          detail({ sourceIPAddress: '10.0.0.1' }),
        ],
      },
      {
        name: 'exists: true',
        pattern: { detail: { state: [{ exists: true }] } },
        matches: [detail({ 'instance-id': 'i-abcd1111', state: 'pending' })],
        doesNotMatch: [detail({ 'c-count': { c1: 100 } })],
      },
      {
        name: 'exists: false, which also holds when the field is not a leaf',
        pattern: { detail: { 'c-count': [{ exists: false }] } },
        matches: [
          detail({ state: ['initializing', 'running'] }),
          detail({ state: ['initializing', 'running'], 'c-count': { c1: 100 } }),
        ],
        doesNotMatch: [detail({ 'c-count': 5 })],
      },
      {
        name: 'complex example with multiple matching',
        pattern: {
          time: [{ prefix: '2017-10-02' }],
          detail: {
            state: [{ 'anything-but': 'initializing' }],
            'c-count': [{ numeric: ['>', 0, '<=', 5] }],
            'd-count': [{ numeric: ['<', 10] }],
            'x-limit': [{ 'anything-but': [100, 200, 300] }],
          },
        },
        matches: [RULER_EVENT],
        doesNotMatch: [{ ...RULER_EVENT, detail: { ...RULER_EVENT.detail, 'x-limit': 200 } }],
      },
      {
        name: 'complex example with $or matching',
        pattern: {
          detail: {
            $or: [
              { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
              { 'd-count': [{ numeric: ['<', 10] }] },
              { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
            ],
          },
        },
        matches: [detail({ 'c-count': 0, 'd-count': 0, 'x-limit': 9.018e2 }), detail({ 'x-limit': 301.8 })],
        doesNotMatch: [detail({ 'c-count': 0, 'd-count': 10, 'x-limit': 9.018e2 })],
      },
    ],
  },
  {
    page: 'Comparison operators for use in event patterns in Amazon EventBridge',
    cases: [
      {
        name: 'And: Location is "New York" and Day is "Monday"',
        pattern: { Location: ['New York'], Day: ['Monday'] },
        matches: [{ Location: 'New York', Day: 'Monday' }],
        doesNotMatch: [{ Location: 'New York', Day: 'Tuesday' }, { Location: 'New York' }],
      },
      {
        name: 'Anything-but (begins with): Region is not in the US',
        pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
        matches: [{ Region: 'eu-west-1' }],
        doesNotMatch: [{ Region: 'us-east-1' }],
      },
      {
        name: 'Anything-but (ends with): FileName does not end with .png',
        pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
        matches: [{ FileName: 'photo.jpg' }],
        doesNotMatch: [{ FileName: 'photo.png' }],
      },
      {
        name: 'Begins with (ignore case): service starts with "eventb"',
        pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
        matches: [{ service: 'EventBridge' }],
        doesNotMatch: [{ service: 'SNS' }],
      },
      {
        name: 'Empty: LastName is empty',
        pattern: { LastName: [''] },
        matches: [{ LastName: '' }],
        doesNotMatch: [{ LastName: 'Doe' }, { LastName: null }],
      },
      {
        name: 'Equals: Name is "Alice"',
        pattern: { Name: ['Alice'] },
        matches: [{ Name: 'Alice' }],
        doesNotMatch: [{ Name: 'alice' }],
      },
      {
        name: 'Equals (ignore case): Name is "Alice"',
        pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
        matches: [{ Name: 'ALICE' }, { Name: 'Alice' }],
        doesNotMatch: [{ Name: 'Alicia' }],
      },
      {
        name: 'Ends with (ignore case): service ends with "tbridge"',
        pattern: { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] },
        matches: [{ service: 'EVENTBRIDGE' }],
        doesNotMatch: [{ service: 'EventBus' }],
      },
      {
        name: 'Exists: ProductName exists',
        pattern: { ProductName: [{ exists: true }] },
        matches: [{ ProductName: 'Widget' }],
        doesNotMatch: [{ Product: 'Widget' }],
      },
      {
        name: 'Not exists: ProductName does not exist',
        pattern: { ProductName: [{ exists: false }] },
        matches: [{ Product: 'Widget' }],
        doesNotMatch: [{ ProductName: 'Widget' }],
      },
      {
        name: 'Not: Weather is anything but "Raining"',
        pattern: { Weather: [{ 'anything-but': ['Raining'] }] },
        matches: [{ Weather: 'Sunny' }],
        doesNotMatch: [{ Weather: 'Raining' }],
      },
      {
        name: 'Null: UserID is null',
        pattern: { UserID: [null] },
        matches: [{ UserID: null }],
        doesNotMatch: [{ UserID: 'u-1' }, {}],
      },
      {
        name: 'Numeric (equals): Price is 100',
        pattern: { Price: [{ numeric: ['=', 100] }] },
        matches: [{ Price: 100 }, { Price: 1e2 }],
        doesNotMatch: [{ Price: 100.5 }, { Price: '100' }],
      },
      {
        name: 'Numeric (range): Price is more than 10, and less than or equal to 20',
        pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
        matches: [{ Price: 20 }, { Price: 10.5 }],
        doesNotMatch: [{ Price: 10 }, { Price: 20.01 }],
      },
      {
        name: 'Or: PaymentType is "Credit" or "Debit"',
        pattern: { PaymentType: ['Credit', 'Debit'] },
        matches: [{ PaymentType: 'Debit' }],
        doesNotMatch: [{ PaymentType: 'Cash' }],
      },
      {
        name: 'Or (multiple fields): Location is "New York", or Day is "Monday"',
        pattern: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
        matches: [{ Location: 'Paris', Day: 'Monday' }, { Location: 'New York' }],
        doesNotMatch: [{ Location: 'Paris', Day: 'Tuesday' }],
      },
      {
        name: 'Wildcard: any .png file within the folder "dir"',
        pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
        matches: [{ FileName: 'dir/photo.png' }, { FileName: 'dir/.png' }],
        doesNotMatch: [{ FileName: 'other/photo.png' }, { FileName: 'dir/photo.jpg' }],
      },
    ],
  },
  {
    page: 'Filtering events in Amazon EventBridge with wildcard pattern matching (AWS Compute Blog)',
    cases: [
      {
        name: '"*.png" matches strings that end with ".png"',
        pattern: { key: [{ wildcard: '*.png' }] },
        matches: [{ key: 'a/b/c.png' }, { key: '.png' }],
        doesNotMatch: [{ key: 'c.png.txt' }],
      },
      {
        name: '"*Title*" matches strings that include "Title"',
        pattern: { key: [{ wildcard: '*Title*' }] },
        matches: [{ key: 'MyTitleHere' }, { key: 'Title' }],
        doesNotMatch: [{ key: 'title' }],
      },
    ],
  },
  {
    page: 'Event Ruler README (aws/event-ruler, the matching library behind EventBridge)',
    cases: [
      {
        name: 'suffix, equals-ignore-case and wildcard on "source"',
        pattern: {
          source: [{ suffix: 'ec2' }, { 'equals-ignore-case': 'EC2' }, { wildcard: 'Simple*Service' }],
        },
        matches: [{ source: 'aws.ec2' }, { source: 'ec2' }, { source: 'Simple Notification Service' }],
        doesNotMatch: [{ source: 'aws.s3' }],
      },
      {
        name: 'wildcard escapes: \\* is an asterisk, \\\\ a backslash',
        pattern: { path: [{ wildcard: 'C:\\\\*\\*' }] },
        matches: [{ path: 'C:\\dir\\*' }, { path: 'C:\\*' }],
        doesNotMatch: [{ path: 'C:\\dir\\x' }, { path: 'C:/dir/*' }],
      },
      {
        name: 'arrays of objects are crushed out of the pattern',
        pattern: { employees: { firstName: ['Anna'] } },
        matches: [
          {
            employees: [
              [
                { firstName: 'John', lastName: 'Doe' },
                { firstName: 'Anna', lastName: 'Smith' },
              ],
              [{ firstName: 'Peter', lastName: 'Jones' }],
            ],
          },
        ],
        doesNotMatch: [{ employees: [{ firstName: 'John', lastName: 'Doe' }] }],
      },
      {
        name: 'fields from different array elements do not combine',
        pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
        matches: [
          {
            employees: [
              { firstName: 'Anna', lastName: 'Smith' },
              { firstName: 'Peter', lastName: 'Jones' },
            ],
          },
        ],
        doesNotMatch: [
          {
            employees: [
              { firstName: 'Anna', lastName: 'Jones' },
              { firstName: 'Peter', lastName: 'Smith' },
            ],
          },
        ],
      },
      {
        name: '"Or" has an "And" inside: source && (metricName || (metricType && namespace) || scope)',
        pattern: {
          source: ['aws.cloudwatch'],
          $or: [
            { metricName: ['CPUUtilization', 'ReadLatency'] },
            { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
            { scope: ['Service'] },
          ],
        },
        matches: [
          { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
          { source: 'aws.cloudwatch', scope: 'Service' },
        ],
        doesNotMatch: [
          { source: 'aws.cloudwatch', metricType: 'MetricType' },
          { source: 'aws.ec2', metricName: 'CPUUtilization' },
        ],
      },
      {
        name: 'parallel "Or" at two levels',
        pattern: {
          $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
          detail: {
            $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }],
          },
        },
        matches: [{ namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } }],
        doesNotMatch: [{ namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } }],
      },
      {
        name: 'nested "Or" and "And"',
        pattern: {
          source: ['aws.cloudwatch'],
          $or: [
            { metricName: ['CPUUtilization', 'ReadLatency'] },
            {
              metricType: ['MetricType'],
              namespace: ['AWS/EC2', 'AWS/ES'],
              $or: [{ metricId: [1234] }, { spaceId: [1000] }],
            },
            { scope: ['Service'] },
          ],
        },
        matches: [
          { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
        ],
        doesNotMatch: [
          { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1001 },
        ],
      },
    ],
  },
  {
    // Where the guide is silent, event-ruler's sources say how EventBridge matches.
    page: 'Event Ruler sources: array-consistent matching (ACFinder, NameState) and CIDR ranges (CIDR.java)',
    cases: [
      {
        name: 'exists: false fails when any element of an array of objects has the field',
        pattern: { a: { b: [{ exists: false }] } },
        matches: [{ a: [{ c: 1 }, { d: 1 }] }, { a: [] }, { a: [{ b: { c: 1 } }] }],
        doesNotMatch: [{ a: [{ b: 1 }, { c: 1 }] }, { a: [{ c: 1 }, { b: null }] }],
      },
      {
        name: 'exists: false looks only at the element a field matched before it (fields in name order)',
        pattern: { a: { b: ['x'], c: [{ exists: false }] } },
        matches: [{ a: [{ b: 'x' }, { c: 1 }] }],
        doesNotMatch: [{ a: [{ b: 'x', c: 1 }] }, { a: [{ b: 'y' }, { c: 1 }] }],
      },
      {
        name: 'exists: false ahead of every matched field in name order looks at the whole event',
        pattern: { a: { z: ['x'], c: [{ exists: false }] } },
        matches: [{ a: [{ z: 'x' }, { d: 1 }] }],
        doesNotMatch: [{ a: [{ z: 'x' }, { c: 1 }] }],
      },
      {
        name: 'a key with dots names the same field as the nested keys it spells (README, JSON keys with dots)',
        pattern: { a: { b: ['x'] }, 'c.d': ['y'] },
        matches: [
          { 'a.b': 'x', c: { d: 'y' } },
          { a: { b: 'z' }, 'a.b': 'x', 'c.d': 'y' },
        ],
        doesNotMatch: [
          { 'a.b': 'z', c: { d: 'y' } },
          { a: { 'b.x': 'x' }, 'c.d': 'y' },
        ],
      },
      {
        name: 'a block written from a host address runs from that address to the end of the block',
        pattern: { ip: [{ cidr: '10.0.0.33/24' }] },
        matches: [{ ip: '10.0.0.33' }, { ip: '10.0.0.255' }],
        doesNotMatch: [{ ip: '10.0.0.32' }, { ip: '10.0.0.0' }, { ip: '10.0.1.33' }],
      },
    ],
  },
  {
    // LocalStack runs these templates, "based on" the user-guide pages, against AWS itself.
    page: 'Edge cases of the content-filtering page, as recorded against AWS (LocalStack event_pattern_templates)',
    cases: [
      {
        name: 'anything-but matches a null, a number or a boolean that is not excluded',
        pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        matches: [detail({ state: null }), detail({ state: 12 }), detail({ state: false })],
        doesNotMatch: [detail({ state: 'init' }), detail({})],
      },
      {
        name: 'exists: false holds when a parent on the path is missing or a string',
        pattern: { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } },
        matches: [detail({ level1: { level2: 'l2 value' } }), detail({})],
        doesNotMatch: [detail({ level1: { level2: { level3: { level4: 'l4 value' } } } })],
      },
      {
        name: 'exists: true on an array of objects holds if one element has the field',
        pattern: { detail: { automations: { id: [{ exists: true }] } } },
        matches: [
          detail({ automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }] }),
        ],
        doesNotMatch: [detail({ automations: [{ key1: 'value1' }] }), detail({ automations: [] })],
      },
      {
        name: 'exists: true holds for null, which is a value (moto #5125, as AWS behaves)',
        pattern: { detail: { foo: [{ exists: true }] } },
        matches: [detail({ foo: null })],
        doesNotMatch: [detail({ bar: '123' })],
      },
      {
        name: 'a nested pattern does not look inside a JSON string',
        pattern: { detail: { 'my-key': ['my-value'] } },
        matches: [detail({ 'my-key': 'my-value' })],
        doesNotMatch: [{ detail: '{"my-key": "my-value"}' }],
      },
      {
        name: 'an empty event array is not null',
        pattern: { resources: [null] },
        matches: [{ resources: [null] }],
        doesNotMatch: [{ resources: [] }],
      },
    ],
  },
];

describe.each(PAGES)('EventBridge documentation: $page', ({ cases }) => {
  it.each(cases)('$name', ({ pattern, matches, doesNotMatch }) => {
    const schemaAccepts = EventPattern.safeParse(pattern).success;

    const results = {
      matches: matches.map((event) => matchesPattern(pattern, event)),
      doesNotMatch: doesNotMatch.map((event) => matchesPattern(pattern, event)),
    };

    expect(schemaAccepts).toBe(true);
    expect(results).toEqual({
      matches: matches.map(() => true),
      doesNotMatch: doesNotMatch.map(() => false),
    });
  });
});

/**
 * Patterns AWS refuses when the rule is created, from event-ruler's answers: the schema names the
 * place and the fault, and the matcher, which must never throw, matches no event with them (not
 * even one their author meant to match).
 */
const REFUSED = [
  {
    name: 'anything-but with a list of prefixes',
    json: '{"a":[{"anything-but":{"prefix":["$","%"]}}]}',
    event: { a: 'abc' },
    path: ['a', 0, 'anything-but', 'prefix'],
    message:
      'anything-but takes one prefix, not a list; to exclude several, write { "wildcard": ["$*", "%*"] }',
  },
  {
    name: 'anything-but with a list of suffixes',
    json: '{"a":[{"anything-but":{"suffix":[".png",".jpg"]}}]}',
    event: { a: 'photo.gif' },
    path: ['a', 0, 'anything-but', 'suffix'],
    message:
      'anything-but takes one suffix, not a list; to exclude several, write { "wildcard": ["*.png", "*.jpg"] }',
  },
  {
    name: 'an anything-but list mixing strings and numbers',
    json: '{"a":[{"anything-but":["child0",111]}]}',
    event: { a: 'child1' },
    path: ['a', 0, 'anything-but'],
    message: 'anything-but: a list must be all strings or all numbers (found "child0" and 111)',
  },
  {
    name: 'an empty prefix inside anything-but',
    json: '{"a":[{"anything-but":{"prefix":""}}]}',
    event: { a: 5 },
    path: ['a', 0, 'anything-but', 'prefix'],
    message: "anything-but's prefix must not be empty",
  },
  {
    name: 'an empty suffix inside anything-but',
    json: '{"a":{"b":[{"anything-but":{"suffix":""}}]}}',
    event: { a: { b: null } },
    path: ['a', 'b', 0, 'anything-but', 'suffix'],
    message: "anything-but's suffix must not be empty",
  },
  {
    name: 'a wildcard with consecutive "*"',
    json: '{"a":[{"wildcard":"dir/**.png"}]}',
    event: { a: 'dir/x.png' },
    path: ['a', 0, 'wildcard'],
    message: 'wildcard "dir/**.png": "**" is not allowed, one "*" already matches any run of characters',
  },
  {
    name: 'a malformed cidr',
    json: '{"a":[{"cidr":"foo"}]}',
    event: { a: 'foo' },
    path: ['a', 0, 'cidr'],
    message: 'cidr takes an IP address block like "10.0.0.0/24" or "2001:db8::/32", not "foo"',
  },
  {
    name: 'a /32 cidr ("IPv4 mask bits must be < 32")',
    json: '{"a":[{"cidr":"10.0.0.1/32"}]}',
    event: { a: '10.0.0.1' },
    path: ['a', 0, 'cidr'],
    message: "an IPv4 block's prefix length is at most 31; to match one address, list it as a value",
  },
];

describe('Patterns AWS refuses when the rule is created', () => {
  it.each(REFUSED)('$name', ({ json, event, path, message }) => {
    const pattern: EventPattern = JSON.parse(json);

    const result = EventPattern.safeParse(pattern);
    const matched = matchesPattern(pattern, event);

    const issues = result.success
      ? []
      : result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
    expect({ issues, matched }).toEqual({ issues: [{ path, message }], matched: false });
  });
});

describe('matchesPattern', () => {
  it('matches no event that is not a JSON object', () => {
    const pattern: EventPattern = { missing: [{ exists: false }] };

    const results = [null, 'text', 42, [{}]].map((event) => matchesPattern(pattern, event));

    expect(results).toEqual([false, false, false, false]);
  });

  it('ignores fields inherited from Object.prototype', () => {
    const absent: EventPattern = { constructor: [{ exists: false }] };
    const present: EventPattern = { toString: [{ exists: true }] };

    const results = [matchesPattern(absent, {}), matchesPattern(present, {})];

    expect(results).toEqual([true, false]);
  });
});
