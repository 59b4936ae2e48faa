import { z } from 'zod';

/** Limits shared by client and server so both reject the same input. */
export const LIMITS = {
  shortText: 200,
  mediumText: 2_000,
  noteBody: 100_000,
  listItems: 50,
} as const;

const shortText = z.string().trim().max(LIMITS.shortText);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * Text as UTF-8 can hold it: a lone surrogate (half of an emoji cut in two) becomes U+FFFD. D1 stores
 * text as UTF-8, so without this a note's history would differ from its body and later merges from it.
 */
export function wellFormed(text: string): string {
  // The engine's own check where it has one (Chromium, Node 20, workerd): a first sync reads 100 MB of notes.
  const native = text as string & { isWellFormed?: () => boolean };
  if (typeof native.isWellFormed === 'function' && native.isWellFormed()) return text;
  return text.replace(LONE_SURROGATE, '\ufffd');
}
/** Long text kept as the team wrote it (a note's body, a conflict's text), made well-formed. */
const longText = (max: number) => z.string().max(max).transform(wellFormed);
const mediumText = z.string().max(LIMITS.mediumText);
/** Records are created on the client with UUIDv7 ids. */
export const recordId = z.uuid({ version: 'v7', message: 'must be a UUIDv7' });
/** Milliseconds since the epoch. */
export const timestamp = z.number().int().nonnegative();
/** A web address: http or https only, so a stored link can never run script when opened. */
export const webUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) address' });
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }).max(254));
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}$/u,
    'must be a domain name',
  );

export const RECORD_TYPES = [
  'account',
  'contact',
  'note',
  'interaction',
  'task',
  'plan',
  'settings',
  'promptState',
  'deal',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const recordType = z.enum(RECORD_TYPES);

export const TIERS = ['A', 'B', 'C'] as const;
export const tier = z.enum(TIERS);
export type Tier = z.infer<typeof tier>;
export const ACCOUNT_KINDS = ['economic', 'important', 'group', 'strategic'] as const;

/** Fields every record has. `createdBy` is a member id, stamped by the client that created it. */
const common = {
  id: recordId,
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: z.string().max(64),
  deleted: z.boolean().default(false),
};

export const importantDate = z.object({
  label: shortText.min(1),
  /** `MM-DD` for yearly dates (birthdays), `YYYY-MM-DD` for one-off dates (renewals). */
  date: z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'must be MM-DD or YYYY-MM-DD'),
});

export const accountReview = z.object({
  at: timestamp,
  by: z.string().max(64),
  answer: mediumText,
  outcome: z.enum(['keep', 'change-tier', 'new-plan']),
  tier: tier,
  score: z.number().min(0).max(10).nullable(),
});
export type AccountReview = z.infer<typeof accountReview>;

export const accountSchema = z.object({
  ...common,
  type: z.literal('account'),
  name: shortText.min(1, 'name is required'),
  domains: z.array(domain).max(LIMITS.listItems).default([]),
  /** What the company does, in a line or two (from its website's description when captured from a page). */
  description: mediumText.default(''),
  tier: tier.default('C'),
  kind: z.enum(ACCOUNT_KINDS).nullable().default(null),
  ownerId: z.string().max(64).nullable().default(null),
  scores: z.record(z.string().max(64), z.number().min(0).max(10)).default({}),
  revenue: z.number().nonnegative().nullable().default(null),
  reviewEvery: z.number().int().positive().nullable().default(null),
  nextReviewAt: timestamp.nullable().default(null),
  importantDates: z.array(importantDate).max(LIMITS.listItems).default([]),
  tags: z.array(shortText.min(1)).max(LIMITS.listItems).default([]),
  /** Each time a rep scored the account: the composite (0–10), kept for the review's trend. */
  scoreHistory: z
    .array(z.object({ at: timestamp, by: z.string().max(64), composite: z.number().min(0).max(10) }))
    .max(LIMITS.listItems)
    .default([]),
  /** Key-account reviews: "why is this a key account?", the answer and what was decided. */
  reviews: z.array(accountReview).max(LIMITS.listItems).default([]),
});

export const contactSchema = z.object({
  ...common,
  type: z.literal('contact'),
  name: shortText.min(1, 'name is required'),
  emails: z.array(email).max(LIMITS.listItems).default([]),
  phones: z.array(shortText.min(1)).max(LIMITS.listItems).default([]),
  title: shortText.default(''),
  accountId: recordId.nullable().default(null),
  importantDates: z.array(importantDate).max(LIMITS.listItems).default([]),
  tags: z.array(shortText.min(1)).max(LIMITS.listItems).default([]),
  source: z.enum(['manual', 'email', 'page', 'import', 'demo']).default('manual'),
});

export const emailReference = z.object({
  messageId: shortText,
  subject: z.string().max(LIMITS.mediumText),
  participants: z.array(email).max(LIMITS.listItems),
  link: webUrl.max(LIMITS.mediumText),
});

/** A concurrent edit the server could not merge: kept beside the note until someone resolves it. */
export const noteConflict = z.object({
  id: z.string().max(64),
  by: z.string().max(64),
  byName: z.string().max(200),
  at: timestamp,
  body: longText(LIMITS.noteBody),
  baseRev: z.number().int().nonnegative(),
  /** The device that sent it: its later edit from the same revision replaces it (server-set). */
  clientId: z.string().max(64).nullable().default(null),
});
export type NoteConflict = z.infer<typeof noteConflict>;

export const noteSchema = z.object({
  ...common,
  type: z.literal('note'),
  subjectId: recordId,
  body: z.string().min(1, 'a note needs text').max(LIMITS.noteBody).transform(wellFormed),
  /** The server's revision number of `body`; edits name the revision they started from. */
  rev: z.number().int().nonnegative().default(0),
  conflicts: z.array(noteConflict).max(LIMITS.listItems).default([]),
  visibility: z.enum(['team', 'private']).default('team'),
  sourceUrl: webUrl.max(LIMITS.mediumText).nullable().default(null),
  /** The title of the page at `sourceUrl` when the note was taken from it. */
  sourceTitle: z.string().max(300).nullable().default(null),
  emailRef: emailReference.nullable().default(null),
});

export const interactionSchema = z.object({
  ...common,
  type: z.literal('interaction'),
  subjectIds: z.array(recordId).min(1).max(LIMITS.listItems),
  kind: z.enum(['email', 'call', 'meeting', 'visit', 'other']),
  at: timestamp,
  summary: mediumText.default(''),
  reference: emailReference.nullable().default(null),
  /** Only set when the rep chose to keep the email's text. */
  capturedText: z.string().max(LIMITS.noteBody).nullable().default(null),
});

export const taskSchema = z.object({
  ...common,
  type: z.literal('task'),
  subjectId: recordId,
  title: shortText.min(1, 'a task needs a title'),
  dueAt: timestamp.nullable().default(null),
  assigneeId: z.string().max(64).nullable().default(null),
  done: z.boolean().default(false),
  originRule: z.string().max(64).nullable().default(null),
  /** A complaint's `dueAt` is its promised response time; a visit walks a checklist. */
  kind: z.enum(['task', 'complaint', 'visit']).default('task'),
  checklistId: shortText.nullable().default(null),
  /** Indices of the checklist steps done so far. */
  stepsDone: z.array(z.number().int().nonnegative().max(LIMITS.listItems)).max(LIMITS.listItems).default([]),
  doneAt: timestamp.nullable().default(null),
});

export const planGoal = z.object({
  /** Its identity when goals merge by item (goals made before it are known by their title). */
  id: z.string().max(64).optional(),
  title: shortText.min(1),
  measure: shortText.default(''),
  dueAt: timestamp.nullable().default(null),
  progress: z.number().min(0).max(100).default(0),
});

export const planSchema = z.object({
  ...common,
  type: z.literal('plan'),
  accountId: recordId,
  year: z.number().int().min(2000).max(2200),
  goals: z.array(planGoal).max(LIMITS.listItems).default([]),
});

/** A calendar day, `YYYY-MM-DD`, with no time zone: a deal's close date means that day wherever the rep is. */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2200 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'must be a real date between 2000 and 2200');
/** ISO 4217: three capital letters (EUR, USD, CNY, KRW). */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code (EUR, USD, CNY)');
/** Amounts as the rep typed them, in their currency: no negative deals, nothing past a trillion. */
const amount = z.number().finite().min(0).max(1e12);

/** Who a person is in a deal's buying decision. */
export const DEAL_ROLES = ['decision-maker', 'champion', 'influencer', 'user', 'blocker', 'other'] as const;
export type DealRole = (typeof DEAL_ROLES)[number];
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const dealContact = z.object({
  contactId: recordId,
  role: z.enum(DEAL_ROLES).default('other'),
});
export const dealLine = z.object({
  id: z.string().min(1).max(64),
  name: shortText.min(1, 'a line needs a name'),
  quantity: z.number().finite().min(0).max(1e9).default(1),
  price: amount.default(0),
});
/** When the deal entered a stage (and who moved it): the pipeline's history, oldest first. */
export const stageEntry = z.object({ at: timestamp, by: z.string().max(64), stageId: z.string().min(1).max(64) });
export type StageEntry = z.infer<typeof stageEntry>;

export const dealSchema = z.object({
  ...common,
  type: z.literal('deal'),
  name: shortText.min(1, 'a deal needs a name'),
  accountId: recordId,
  contacts: z.array(dealContact).max(LIMITS.listItems).default([]),
  ownerId: z.string().max(64).nullable().default(null),
  /** A pipeline and one of its stages, by id (team settings): renaming a stage moves nothing. */
  pipelineId: z.string().min(1).max(64),
  stageId: z.string().min(1).max(64),
  status: z.enum(DEAL_STATUSES).default('open'),
  amount: amount.nullable().default(null),
  currency: currencyCode,
  closeDate: calendarDay.nullable().default(null),
  /** 0–100; null takes the stage's default probability. */
  probability: z.number().int().min(0).max(100).nullable().default(null),
  lines: z.array(dealLine).max(LIMITS.listItems).default([]),
  nextStep: shortText.default(''),
  nextStepDate: calendarDay.nullable().default(null),
  /** Where it came from: a referral, an inbound email, a trade fair. */
  source: shortText.default(''),
  /** When it was won or lost, and why (the reason in the rep's words). */
  closedAt: timestamp.nullable().default(null),
  closeReason: mediumText.default(''),
  stageHistory: z.array(stageEntry).max(LIMITS.listItems).default([]),
});

export const pipelineStage = z.object({
  id: shortText.min(1),
  name: shortText.min(1, 'a stage needs a name'),
  /** The chance, 0–100, a deal in this stage is won (a deal may set its own). */
  probability: z.number().int().min(0).max(100),
});
export const pipeline = z.object({
  id: shortText.min(1),
  name: shortText.min(1, 'a pipeline needs a name'),
  stages: z
    .array(pipelineStage)
    .min(1, 'a pipeline needs a stage')
    .max(20)
    .refine((stages) => new Set(stages.map((s) => s.id)).size === stages.length, 'stage ids must differ'),
});
export type Pipeline = z.infer<typeof pipeline>;
export type PipelineStage = z.infer<typeof pipelineStage>;

/** Every team starts with these three; teams rename, reorder, add and remove stages and pipelines. */
export const DEFAULT_PIPELINES: Pipeline[] = [
  {
    id: 'new-business',
    name: 'New business',
    stages: [
      { id: 'qualify', name: 'Qualify', probability: 10 },
      { id: 'discover', name: 'Discover needs', probability: 25 },
      { id: 'propose', name: 'Proposal', probability: 50 },
      { id: 'negotiate', name: 'Negotiation', probability: 75 },
      { id: 'commit', name: 'Verbal yes', probability: 90 },
    ],
  },
  {
    id: 'renewal',
    name: 'Renewals',
    stages: [
      { id: 'upcoming', name: 'Coming up', probability: 60 },
      { id: 'review', name: 'Reviewing terms', probability: 75 },
      { id: 'sent', name: 'Renewal sent', probability: 90 },
    ],
  },
  {
    id: 'expansion',
    name: 'Expansion',
    stages: [
      { id: 'idea', name: 'Opportunity seen', probability: 15 },
      { id: 'pitch', name: 'Pitched', probability: 40 },
      { id: 'propose', name: 'Proposal', probability: 65 },
      { id: 'negotiate', name: 'Negotiation', probability: 85 },
    ],
  },
];

export const checklist = z.object({
  id: shortText.min(1),
  name: shortText.min(1),
  steps: z.array(shortText.min(1)).min(1).max(LIMITS.listItems),
});

/** Every team starts with the routine visit; teams edit it and add their own. */
export const DEFAULT_CHECKLISTS = [
  {
    id: 'routine-visit',
    name: 'Routine visit',
    steps: [
      'Prepare',
      'Check the outside',
      'Greet',
      'Check the inside',
      'Check stock',
      'Suggest an order',
      'Take the order',
      'Say goodbye',
    ],
  },
];

export const settingsSchema = z.object({
  ...common,
  type: z.literal('settings'),
  cadenceDays: z.object({
    A: z.number().int().positive(),
    B: z.number().int().positive(),
    C: z.number().int().positive(),
  }),
  scorecard: z
    .array(
      z.object({
        id: shortText.min(1),
        label: shortText.min(1),
        family: z.enum(['attractiveness', 'potential', 'relationship']),
        weight: z.number().min(0).max(100),
      }),
    )
    .max(LIMITS.listItems)
    .default([]),
  checklists: z
    .array(checklist)
    .max(LIMITS.listItems)
    .default(() => structuredClone(DEFAULT_CHECKLISTS)),
  promptRules: z
    .record(z.string().max(64), z.object({ enabled: z.boolean(), leadDays: z.number().int().nonnegative().optional() }))
    .default({}),
  internalDomains: z.array(domain).max(LIMITS.listItems).default([]),
  /** The 80/20 suggestion: cumulative value shares that end tiers A and B. */
  tierThresholds: z
    .object({ a: z.number().gt(0).lt(1), b: z.number().gt(0).max(1) })
    .refine((t) => t.a < t.b, 'tier A must end before tier B')
    .default({ a: 0.8, b: 0.95 }),
  /** The scorecard suggestion: composite scores (0–10) at or above which an account is A, or B. */
  scoreTierThresholds: z
    .object({ a: z.number().min(0).max(10), b: z.number().min(0).max(10) })
    .refine((t) => t.b <= t.a, 'tier B must start at or below tier A')
    .default({ a: 7, b: 4 }),
  pipelines: z
    .array(pipeline)
    .min(1, 'the team needs a pipeline')
    .max(10)
    .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'pipeline ids must differ')
    .default(() => structuredClone(DEFAULT_PIPELINES)),
  /** The team's currency: forecasts are summed in it; deals in another currency convert by `currencyRates`. */
  currency: currencyCode.default('EUR'),
  /** What one unit of a currency is worth in the team's currency; set by the team, never fetched. */
  currencyRates: z.record(currencyCode, z.number().finite().positive().max(1e9)).default({}),
  /** Quarterly targets in the team's currency, keyed `2026-Q4`. */
  forecastTargets: z.record(z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter like 2026-Q4'), amount).default({}),
});

/** What the team did with one next-step prompt: snoozed until a time, or done. Keyed by the prompt. */
export const promptStateSchema = z.object({
  ...common,
  type: z.literal('promptState'),
  key: z.string().min(1).max(300),
  snoozedUntil: timestamp.nullable().default(null),
  doneAt: timestamp.nullable().default(null),
});

export const recordSchemas = {
  account: accountSchema,
  contact: contactSchema,
  note: noteSchema,
  interaction: interactionSchema,
  task: taskSchema,
  plan: planSchema,
  settings: settingsSchema,
  promptState: promptStateSchema,
  deal: dealSchema,
} as const;

export const anyRecord = z.discriminatedUnion('type', [
  accountSchema,
  contactSchema,
  noteSchema,
  interactionSchema,
  taskSchema,
  planSchema,
  settingsSchema,
  promptStateSchema,
  dealSchema,
]);

export type Account = z.infer<typeof accountSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Note = z.infer<typeof noteSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Plan = z.infer<typeof planSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type PromptState = z.infer<typeof promptStateSchema>;
export type Deal = z.infer<typeof dealSchema>;
export type AnyRecord = z.infer<typeof anyRecord>;
export type RecordOf<T extends RecordType> = Extract<AnyRecord, { type: T }>;

/** Fields the sync layer owns: a patch may not change them (the server sets `rev` and `conflicts` of notes). */
export const SYSTEM_FIELDS = ['id', 'type', 'createdAt', 'createdBy', 'rev', 'conflicts'] as const;

/**
 * Validates a partial update for one record type: only that type's own fields, each valid.
 * Defaults are unwrapped so a patch never fills in (and so overwrites) a field it did not name.
 */
const patchSchemas = new Map<RecordType, z.ZodObject>();

export function patchSchemaFor(type: RecordType) {
  const cached = patchSchemas.get(type);
  if (cached) return cached;
  const schema = buildPatchSchema(type);
  patchSchemas.set(type, schema);
  return schema;
}

function buildPatchSchema(type: RecordType) {
  const shape = (recordSchemas[type] as z.ZodObject).shape as Record<string, z.ZodType>;
  const fields: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const [key, field] of Object.entries(shape)) {
    if ((SYSTEM_FIELDS as readonly string[]).includes(key)) continue;
    fields[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional();
  }
  return z.object(fields).strict();
}

/**
 * Forward compatibility (architecture §3, "Versions differ in the field"): what a newer extension writes
 * that this version does not know — a field, or a whole record type — is stored and served as it
 * came, within limits, never refused for being unknown. Known fields stay strictly validated.
 */
export const FORWARD_LIMITS = {
  /** JSON size of one field this version does not know. */
  unknownFieldBytes: 16_384,
  /** Fields this version does not know, per record. */
  unknownFields: 32,
  /** JSON size of a record of a type this version does not know. */
  unknownRecordBytes: 65_536,
} as const;

/** A field name a later version may use: letters, digits and underscores. */
export const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a field name');
/** A record type a later version may use. */
export const typeName = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'must be a record type name');

const unknownValue = z
  .unknown()
  .refine((v) => v !== undefined && JSON.stringify(v).length <= FORWARD_LIMITS.unknownFieldBytes, {
    message: `a field this server does not know may hold at most ${FORWARD_LIMITS.unknownFieldBytes} bytes of JSON`,
  });

const fewUnknown = (known: readonly string[]) => (value: Record<string, unknown>) =>
  Object.keys(value).filter((k) => !known.includes(k)).length <= FORWARD_LIMITS.unknownFields;
const namedFields = (value: Record<string, unknown>) => Object.keys(value).every((k) => fieldName.safeParse(k).success);

/** A record of a type this version does not know: the common fields checked, the rest kept as it came. */
export const unknownTypeRecord = z
  .object({ ...common, type: typeName })
  .catchall(unknownValue)
  .refine(namedFields, 'field names must be letters, digits and underscores')
  .refine(
    (r) => JSON.stringify(r).length <= FORWARD_LIMITS.unknownRecordBytes,
    `a record of a type this server does not know may hold at most ${FORWARD_LIMITS.unknownRecordBytes} bytes`,
  );

export const isKnownType = (type: string): type is RecordType => (RECORD_TYPES as readonly string[]).includes(type);

const storedSchemas = new Map<string, z.ZodType>();
/**
 * A record as the server stores it: a known type with its known fields validated and any others
 * kept (within limits); an unknown type as unknownTypeRecord.
 */
export function storedRecordSchema(type: string): z.ZodType<Record<string, unknown>> {
  let schema = storedSchemas.get(type);
  if (!schema) {
    if (isKnownType(type)) {
      const base = recordSchemas[type] as unknown as z.ZodObject;
      const known = Object.keys(base.shape);
      schema = base
        .catchall(unknownValue)
        .refine(namedFields, 'field names must be letters, digits and underscores')
        .refine(fewUnknown(known), `at most ${FORWARD_LIMITS.unknownFields} fields this server does not know`);
    } else schema = unknownTypeRecord;
    storedSchemas.set(type, schema);
  }
  return schema as z.ZodType<Record<string, unknown>>;
}

const forwardPatches = new Map<string, z.ZodType>();
/**
 * A patch as the server takes it: known fields validated as patchSchemaFor does, fields it does not
 * know (of a known type, or any field of an unknown type) kept within limits; never system fields.
 */
export function forwardPatchSchema(type: string): z.ZodType<Record<string, unknown>> {
  let schema = forwardPatches.get(type);
  if (!schema) {
    const noSystem = (value: Record<string, unknown>) =>
      Object.keys(value).every((k) => !(SYSTEM_FIELDS as readonly string[]).includes(k));
    if (isKnownType(type)) {
      const base = patchSchemaFor(type);
      schema = base
        .strip()
        .catchall(unknownValue)
        .refine(namedFields, 'field names must be letters, digits and underscores')
        .refine(noSystem, 'a patch may not change id, type, createdAt, createdBy, rev or conflicts')
        .refine(
          fewUnknown(Object.keys(base.shape)),
          `at most ${FORWARD_LIMITS.unknownFields} fields this server does not know`,
        );
    } else {
      schema = z
        .record(fieldName, unknownValue)
        .refine(noSystem, 'a patch may not change id, type, createdAt, createdBy, rev or conflicts');
    }
    forwardPatches.set(type, schema);
  }
  return schema as z.ZodType<Record<string, unknown>>;
}
