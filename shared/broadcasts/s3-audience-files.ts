import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AudienceFiles } from './audience-files.ts';

/**
 * The audience files in the stack's bucket, as JSON Lines: the format a Distributed Map's
 * ItemReader reads a line at a time (InputType JSONL), however large the wave.
 */
export function s3AudienceFiles(client: S3Client, bucket: string): AudienceFiles {
  return {
    write: async (key, lines) => {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
          ContentType: 'application/x-ndjson',
        }),
      );
    },
    read: async (key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = (await object.Body?.transformToString('utf8')) ?? '';
      return text.split('\n').filter((line) => line !== '');
    },
  };
}
