import { newRecordId } from './ids';
import { recordSchemas, type RecordOf, type RecordType } from './records';
import type { z } from 'zod';

/**
 * Builds a complete, validated record of one type from the fields a person entered;
 * the common fields are filled here so every creator stamps them the same way.
 * Throws a ZodError naming the bad field.
 */
export function buildRecord<T extends RecordType>(
  type: T,
  fields: Omit<z.input<(typeof recordSchemas)[T]>, 'id' | 'type' | 'createdAt' | 'updatedAt' | 'createdBy' | 'deleted'>,
  by: { memberId: string; now: number; id?: string },
): RecordOf<T> {
  const schema = recordSchemas[type] as unknown as z.ZodType<RecordOf<T>>;
  return schema.parse({
    ...fields,
    id: by.id ?? newRecordId(),
    type,
    createdAt: by.now,
    updatedAt: by.now,
    createdBy: by.memberId,
    deleted: false,
  });
}
