/**
 * DynamoDB in this process's memory, for the suite's fast lane (`npm run test:fast`): the real AWS
 * SDK client and the real adapters send their requests here instead of over HTTP to DynamoDB Local.
 * It speaks DynamoDB's JSON protocol for what Passerelle uses: tables with one global secondary
 * index; GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem and
 * TransactWriteItems; condition, update, key-condition, filter and projection expressions.
 *
 * `npm test` runs every suite against DynamoDB Local, so a difference from DynamoDB shows there.
 * Each request is applied whole before the next begins (JavaScript runs one at a time), which is
 * the atomicity DynamoDB gives one item and one transaction.
 */

type AttributeValue = {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Item;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
  BS?: string[];
};
type Item = Record<string, AttributeValue>;
type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;

/** An error as DynamoDB answers it: its `__type` names the exception the SDK throws. */
class DynamoDbError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
const invalid = (message: string) => new DynamoDbError('ValidationException', message);
const conditionFailed = (old: Item | undefined, returnOld: boolean) =>
  new DynamoDbError('ConditionalCheckFailedException', 'The conditional request failed', returnOld && old ? { Item: old } : {});

// ---------------------------------------------------------------------------------------------
// Expressions: tokens, a parse tree, evaluation.

type PathPart = string | number;
type Operand = { kind: 'path'; path: PathPart[] } | { kind: 'value'; value: AttributeValue } | { kind: 'size'; path: PathPart[] };
type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: string; path: PathPart[]; operand?: Operand };
type SetValue =
  | Operand
  | { kind: 'if_not_exists'; path: PathPart[]; fallback: SetValue }
  | { kind: 'list_append'; left: SetValue; right: SetValue }
  | { kind: 'arithmetic'; op: '+' | '-'; left: SetValue; right: SetValue };
type UpdateAction =
  | { kind: 'SET'; path: PathPart[]; value: SetValue }
  | { kind: 'REMOVE'; path: PathPart[] }
  | { kind: 'ADD' | 'DELETE'; path: PathPart[]; value: AttributeValue };

const TOKEN = /\s*(?:(<>|<=|>=|[=<>(),.[\]+-])|(#[\w]+)|(:[\w]+)|(\d+)|([A-Za-z_][\w]*))/y;

class Parser {
  private readonly tokens: string[] = [];
  private at = 0;

  constructor(
    text: string,
    private readonly names: Names,
    private readonly values: Values,
  ) {
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
      if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
      const start = TOKEN.lastIndex;
      const match = TOKEN.exec(text);
      if (!match) throw invalid(`Invalid expression: unexpected text at ${start}: ${text.slice(start, start + 10)}`);
      this.tokens.push(match[0].trim());
    }
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }
  private keyword(word: string): boolean {
    if (this.peek()?.toUpperCase() !== word) return false;
    this.at += 1;
    return true;
  }
  private expect(token: string): void {
    if (this.tokens[this.at] !== token) throw invalid(`Invalid expression: expected ${token}, found ${this.tokens[this.at] ?? 'the end'}`);
    this.at += 1;
  }
  /** Takes a comma if one comes next. */
  comma(): boolean {
    if (this.peek() !== ',') return false;
    this.at += 1;
    return true;
  }
  end(): void {
    if (this.at < this.tokens.length) throw invalid(`Invalid expression: unexpected ${this.tokens[this.at]}`);
  }

  private name(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw invalid('Invalid expression: a name is missing');
    if (token.startsWith('#')) {
      const name = this.names?.[token];
      if (name === undefined) throw invalid(`An expression attribute name used in the document path is not defined; attribute name: ${token}`);
      return name;
    }
    if (!/^[A-Za-z_]/.test(token)) throw invalid(`Invalid expression: ${token} is not a name`);
    return token;
  }
  path(): PathPart[] {
    const path: PathPart[] = [this.name()];
    for (;;) {
      if (this.peek() === '.') {
        this.at += 1;
        path.push(this.name());
      } else if (this.peek() === '[') {
        this.at += 1;
        path.push(Number(this.tokens[this.at++]));
        this.expect(']');
      } else return path;
    }
  }
  private value(): AttributeValue {
    const token = this.tokens[this.at++];
    const value = this.values?.[token];
    if (value === undefined) throw invalid(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
    return value;
  }
  operand(): Operand {
    const token = this.peek();
    if (token?.startsWith(':')) return { kind: 'value', value: this.value() };
    if (token?.toLowerCase() === 'size' && this.tokens[this.at + 1] === '(') {
      this.at += 2;
      const path = this.path();
      this.expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.keyword('OR')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }
  private conjunction(): Condition {
    let left = this.negation();
    while (this.keyword('AND')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }
  private negation(): Condition {
    if (this.keyword('NOT')) return { kind: 'not', operand: this.negation() };
    return this.primary();
  }
  private primary(): Condition {
    if (this.peek() === '(') {
      this.at += 1;
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const word = this.peek()?.toLowerCase();
    if (word && ['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains'].includes(word) && this.tokens[this.at + 1] === '(') {
      this.at += 2;
      const path = this.path();
      let operand: Operand | undefined;
      if (this.peek() === ',') {
        this.at += 1;
        operand = this.operand();
      }
      this.expect(')');
      return { kind: 'function', name: word, path, operand };
    }
    const left = this.operand();
    if (this.keyword('BETWEEN')) {
      const low = this.operand();
      if (!this.keyword('AND')) throw invalid('Invalid expression: BETWEEN without AND');
      return { kind: 'between', operand: left, low, high: this.operand() };
    }
    if (this.keyword('IN')) {
      this.expect('(');
      const list = [this.operand()];
      while (this.peek() === ',') {
        this.at += 1;
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', operand: left, list };
    }
    const op = this.tokens[this.at++];
    if (!op || !['=', '<>', '<', '<=', '>', '>='].includes(op)) throw invalid(`Invalid expression: expected a comparator, found ${op ?? 'the end'}`);
    return { kind: 'compare', op, left, right: this.operand() };
  }

  private setTerm(): SetValue {
    const word = this.peek()?.toLowerCase();
    if ((word === 'if_not_exists' || word === 'list_append') && this.tokens[this.at + 1] === '(') {
      this.at += 2;
      if (word === 'if_not_exists') {
        const path = this.path();
        this.expect(',');
        const fallback = this.setValue();
        this.expect(')');
        return { kind: 'if_not_exists', path, fallback };
      }
      const left = this.setValue();
      this.expect(',');
      const right = this.setValue();
      this.expect(')');
      return { kind: 'list_append', left, right };
    }
    return this.operand();
  }
  private setValue(): SetValue {
    const left = this.setTerm();
    const op = this.peek();
    if (op === '+' || op === '-') {
      this.at += 1;
      return { kind: 'arithmetic', op, left, right: this.setTerm() };
    }
    return left;
  }
  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    while (this.at < this.tokens.length) {
      const clause = this.tokens[this.at++].toUpperCase();
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(clause)) throw invalid(`Invalid UpdateExpression: unexpected ${clause}`);
      do {
        const path = this.path();
        if (clause === 'SET') {
          this.expect('=');
          actions.push({ kind: 'SET', path, value: this.setValue() });
        } else if (clause === 'REMOVE') actions.push({ kind: 'REMOVE', path });
        else actions.push({ kind: clause as 'ADD' | 'DELETE', path, value: this.value() });
      } while (this.comma());
    }
    return actions;
  }
}

const parseCondition = (text: string, names: Names, values: Values): Condition => {
  const parser = new Parser(text, names, values);
  const condition = parser.condition();
  parser.end();
  return condition;
};

const resolve = (item: Item | undefined, path: PathPart[]): AttributeValue | undefined => {
  let current: AttributeValue | undefined = item && { M: item };
  for (const part of path) {
    if (current === undefined) return undefined;
    current = typeof part === 'number' ? current.L?.[part] : current.M?.[part];
  }
  return current;
};

const typeOf = (value: AttributeValue): string => Object.keys(value)[0];

const sizeOf = (value: AttributeValue | undefined): AttributeValue | undefined => {
  if (!value) return undefined;
  if (value.S !== undefined) return { N: String(Buffer.byteLength(value.S)) };
  if (value.B !== undefined) return { N: String(Buffer.from(value.B, 'base64').length) };
  const collection = value.L ?? value.SS ?? value.NS ?? value.BS ?? (value.M && Object.keys(value.M));
  return collection ? { N: String(collection.length) } : undefined;
};

const operandValue = (item: Item | undefined, operand: Operand): AttributeValue | undefined =>
  operand.kind === 'value' ? operand.value : operand.kind === 'path' ? resolve(item, operand.path) : sizeOf(resolve(item, operand.path));

const equal = (a: AttributeValue, b: AttributeValue): boolean => {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  if (type === 'N') return Number(a.N) === Number(b.N);
  if (type === 'SS' || type === 'NS' || type === 'BS') {
    const left = new Set((a[type] ?? []).map(String));
    const right = (b[type] ?? []).map(String);
    return left.size === right.length && right.every((v) => left.has(v));
  }
  if (type === 'M') {
    const keys = Object.keys(a.M!);
    return keys.length === Object.keys(b.M!).length && keys.every((k) => b.M![k] !== undefined && equal(a.M![k], b.M![k]));
  }
  if (type === 'L') return a.L!.length === b.L!.length && a.L!.every((v, i) => equal(v, b.L![i]));
  return JSON.stringify(a) === JSON.stringify(b);
};

/** Orders two scalars of one type (S by code point, N by value, B by bytes); undefined if they cannot be ordered. */
const order = (a: AttributeValue, b: AttributeValue): number | undefined => {
  if (a.N !== undefined && b.N !== undefined) return Math.sign(Number(a.N) - Number(b.N));
  if (a.S !== undefined && b.S !== undefined) return Buffer.compare(Buffer.from(a.S), Buffer.from(b.S));
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
};

const compare = (op: string, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean => {
  if (a === undefined || b === undefined) return false;
  if (op === '=') return equal(a, b);
  if (op === '<>') return !equal(a, b);
  const sign = order(a, b);
  if (sign === undefined) return false;
  return op === '<' ? sign < 0 : op === '<=' ? sign <= 0 : op === '>' ? sign > 0 : sign >= 0;
};

const holds = (item: Item | undefined, condition: Condition): boolean => {
  switch (condition.kind) {
    case 'and':
      return holds(item, condition.left) && holds(item, condition.right);
    case 'or':
      return holds(item, condition.left) || holds(item, condition.right);
    case 'not':
      return !holds(item, condition.operand);
    case 'compare':
      return compare(condition.op, operandValue(item, condition.left), operandValue(item, condition.right));
    case 'between': {
      const value = operandValue(item, condition.operand);
      return compare('>=', value, operandValue(item, condition.low)) && compare('<=', value, operandValue(item, condition.high));
    }
    case 'in': {
      const value = operandValue(item, condition.operand);
      return condition.list.some((candidate) => compare('=', value, operandValue(item, candidate)));
    }
    case 'function': {
      const value = resolve(item, condition.path);
      const argument = condition.operand && operandValue(item, condition.operand);
      switch (condition.name) {
        case 'attribute_exists':
          return value !== undefined;
        case 'attribute_not_exists':
          return value === undefined;
        case 'attribute_type':
          return value !== undefined && argument?.S === typeOf(value);
        case 'begins_with':
          if (value?.S !== undefined && argument?.S !== undefined) return value.S.startsWith(argument.S);
          if (value?.B !== undefined && argument?.B !== undefined)
            return Buffer.from(value.B, 'base64').subarray(0, Buffer.from(argument.B, 'base64').length).equals(Buffer.from(argument.B, 'base64'));
          return false;
        default: // contains
          if (!value || !argument) return false;
          if (value.S !== undefined && argument.S !== undefined) return value.S.includes(argument.S);
          if (value.SS) return argument.S !== undefined && value.SS.includes(argument.S);
          if (value.NS) return argument.N !== undefined && value.NS.some((n) => Number(n) === Number(argument.N));
          if (value.L) return value.L.some((element) => equal(element, argument));
          return false;
      }
    }
  }
};

const copy = <T>(value: T): T => structuredClone(value);

const normalNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw invalid('The parameter cannot be converted to a numeric value');
  return String(value);
};

const setValueOf = (item: Item | undefined, value: SetValue): AttributeValue => {
  switch (value.kind) {
    case 'if_not_exists':
      return resolve(item, value.path) ?? setValueOf(item, value.fallback);
    case 'list_append': {
      const left = setValueOf(item, value.left);
      const right = setValueOf(item, value.right);
      if (!left.L || !right.L) throw invalid('Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append');
      return { L: [...left.L, ...right.L] };
    }
    case 'arithmetic': {
      const left = setValueOf(item, value.left);
      const right = setValueOf(item, value.right);
      if (left.N === undefined || right.N === undefined)
        throw invalid(`Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${value.op}`);
      return { N: normalNumber(value.op === '+' ? Number(left.N) + Number(right.N) : Number(left.N) - Number(right.N)) };
    }
    default: {
      const result = operandValue(item, value);
      if (result === undefined) throw invalid('The provided expression refers to an attribute that does not exist in the item');
      return result;
    }
  }
};

/** The map or list that holds the last part of `path`, if the path leads to one. */
const parentOf = (item: Item, path: PathPart[]): AttributeValue | undefined => resolve(item, path.slice(0, -1));

const updated = (old: Item | undefined, key: Item, actions: UpdateAction[], keyNames: string[]): Item => {
  const item: Item = old ? copy(old) : copy(key);
  const pathText = (path: PathPart[]) => path.join('.');
  const seen = new Set<string>();
  for (const action of actions) {
    const text = pathText(action.path);
    if ([...seen].some((other) => other === text || other.startsWith(`${text}.`) || text.startsWith(`${other}.`)))
      throw invalid(`Invalid UpdateExpression: Two document paths overlap with each other; path one: [${text}]`);
    seen.add(text);
    if (action.path.length === 1 && keyNames.includes(String(action.path[0])))
      throw invalid(`One or more parameter values were invalid: Cannot update attribute ${String(action.path[0])}. This attribute is part of the key`);
  }
  // Every value is worked out on the item as it was, then written.
  const writes = actions.map((action) => ({ action, value: action.kind === 'SET' ? setValueOf(old, action.value) : undefined }));
  for (const { action, value } of writes) {
    const last = action.path[action.path.length - 1];
    const parent = action.path.length === 1 ? { M: item } : parentOf(item, action.path);
    const container = typeof last === 'number' ? parent?.L : parent?.M;
    if (!container) {
      if (action.kind === 'REMOVE') continue;
      throw invalid('The document path provided in the update expression is invalid for update');
    }
    const slot = container as Record<string | number, AttributeValue>;
    if (action.kind === 'SET') {
      if (typeof last === 'number' && last >= (container as AttributeValue[]).length) (container as AttributeValue[]).push(value!);
      else slot[last] = value!;
    } else if (action.kind === 'REMOVE') {
      if (typeof last === 'number') (container as AttributeValue[]).splice(last, 1);
      else delete slot[last];
    } else {
      const current = slot[last];
      const operand = action.value;
      if (action.kind === 'ADD' && operand.N !== undefined) {
        if (current && current.N === undefined) throw invalid('An operand in the update expression has an incorrect data type');
        slot[last] = { N: normalNumber(Number(current?.N ?? 0) + Number(operand.N)) };
        continue;
      }
      const setType = (['SS', 'NS', 'BS'] as const).find((type) => operand[type] !== undefined);
      if (!setType || (current && current[setType] === undefined)) throw invalid('An operand in the update expression has an incorrect data type');
      const members = current?.[setType] ?? [];
      const result = action.kind === 'ADD' ? [...new Set([...members, ...operand[setType]!])] : members.filter((member) => !operand[setType]!.includes(member));
      if (result.length) slot[last] = { [setType]: result };
      else delete slot[last];
    }
  }
  return item;
};

const project = (item: Item, expression: string | undefined, names: Names): Item => {
  if (!expression) return item;
  const parser = new Parser(expression, names, undefined);
  const result: Item = {};
  for (;;) {
    const path = parser.path();
    const value = resolve(item, path);
    if (value !== undefined) {
      if (path.length === 1) result[path[0] as string] = value;
      else {
        let target: Item = result;
        for (const part of path.slice(0, -1)) target = (target[part as string] ??= { M: {} }).M!;
        target[path[path.length - 1] as string] = value;
      }
    }
    if (!parser.comma()) {
      parser.end();
      return result;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Tables.

interface KeySchema {
  hash: string;
  range?: string;
}
interface Table {
  name: string;
  key: KeySchema;
  indexes: Map<string, KeySchema>;
  definition: Record<string, unknown>;
  items: Map<string, Item>;
}

const keySchemaOf = (schema: Array<{ AttributeName: string; KeyType: string }>): KeySchema => ({
  hash: schema.find((k) => k.KeyType === 'HASH')!.AttributeName,
  range: schema.find((k) => k.KeyType === 'RANGE')?.AttributeName,
});

const sizeOfItem = (item: Item): number => Buffer.byteLength(JSON.stringify(item));
const MAX_ITEM_BYTES = 400 * 1024;

interface Request {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  IndexName?: string;
  ConditionExpression?: string;
  UpdateExpression?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
  ReturnValues?: string;
  ReturnValuesOnConditionCheckFailure?: string;
  ReturnConsumedCapacity?: string;
  ConsistentRead?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
  ScanIndexForward?: boolean;
  Select?: string;
}

/** Every table of one endpoint, in memory. */
export class MemoryDynamoDb {
  private readonly tables = new Map<string, Table>();

  private table(name: string | undefined): Table {
    const table = name === undefined ? undefined : this.tables.get(name);
    if (!table) throw new DynamoDbError('ResourceNotFoundException', 'Requested resource not found');
    return table;
  }

  private keyId(table: Table, key: Item, checkOnly = false): string {
    const parts = [table.key.hash, table.key.range].filter((name): name is string => name !== undefined);
    for (const name of parts) {
      const value = key[name];
      if (!value || (value.S === undefined && value.N === undefined && value.B === undefined))
        throw invalid('The provided key element does not match the schema');
      if (value.S === '' || value.B === '')
        throw invalid('One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value.');
    }
    if (!checkOnly && Object.keys(key).length !== parts.length) throw invalid('The provided key element does not match the schema');
    return JSON.stringify(parts.map((name) => key[name]));
  }
  private keyOf(table: Table, item: Item): Item {
    const key: Item = { [table.key.hash]: item[table.key.hash] };
    if (table.key.range) key[table.key.range] = item[table.key.range]!;
    return key;
  }

  /** DynamoDB refuses a name or value placeholder that no expression of the request uses. */
  private checkPlaceholders(request: Request): void {
    const text = [
      request.ConditionExpression,
      request.UpdateExpression,
      request.KeyConditionExpression,
      request.FilterExpression,
      request.ProjectionExpression,
    ].join(' ');
    const used = new Set(text.match(/[#:][\w]+/g));
    for (const [field, placeholders] of [
      ['ExpressionAttributeNames', request.ExpressionAttributeNames],
      ['ExpressionAttributeValues', request.ExpressionAttributeValues],
    ] as const) {
      const unused = Object.keys(placeholders ?? {}).filter((placeholder) => !used.has(placeholder));
      if (unused.length) throw invalid(`Value provided in ${field} unused in expressions: keys: {${unused.join(', ')}}`);
    }
  }

  private checkCondition(request: Request, old: Item | undefined): void {
    if (
      request.ConditionExpression &&
      !holds(old, parseCondition(request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues))
    )
      throw conditionFailed(old, request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
  }

  private checkItem(item: Item): void {
    if (sizeOfItem(item) > MAX_ITEM_BYTES) throw invalid('Item size has exceeded the maximum allowed size');
    for (const value of Object.values(item))
      if ((value.SS ?? value.NS ?? value.BS)?.length === 0) throw invalid('One or more parameter values were invalid: a set may not be empty');
  }

  /** A write worked out against the table as it is, applied by `commit`. */
  private plan(kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck', request: Request) {
    this.checkPlaceholders(request);
    const table = this.table(request.TableName);
    const key = kind === 'Put' ? this.keyOf(table, request.Item ?? {}) : (request.Key ?? {});
    const id = this.keyId(table, key);
    const old = table.items.get(id);
    this.checkCondition(request, old);
    let next: Item | undefined = old;
    if (kind === 'Put') next = copy(request.Item!);
    else if (kind === 'Delete') next = undefined;
    else if (kind === 'Update') {
      const actions = request.UpdateExpression
        ? (() => {
            const parser = new Parser(request.UpdateExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues);
            const parsed = parser.update();
            parser.end();
            return parsed;
          })()
        : [];
      next = updated(
        old,
        key,
        actions,
        [table.key.hash, table.key.range].filter((name): name is string => name !== undefined),
      );
    }
    if (next) this.checkItem(next);
    return { table, id, old, next, commit: () => (next ? table.items.set(id, next) : table.items.delete(id)) };
  }

  private capacity(request: Request, units: number, tableName = request.TableName) {
    return request.ReturnConsumedCapacity && request.ReturnConsumedCapacity !== 'NONE'
      ? { ConsumedCapacity: { TableName: tableName, CapacityUnits: units } }
      : {};
  }
  private static writeUnits = (item: Item | undefined) => Math.max(1, Math.ceil((item ? sizeOfItem(item) : 0) / 1024));
  private static readUnits = (bytes: number, consistent?: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

  /** Answers one request of DynamoDB's JSON protocol: `operation` is the X-Amz-Target's name (PutItem, Query, ...). */
  answer(operation: string, request: Request & Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case 'CreateTable': {
        const name = request.TableName as string;
        if (!/^[\w.-]{3,255}$/.test(name))
          throw invalid(
            'Invalid table/index name.  Table/index names must be between 3 and 255 characters long, ' +
              "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
          );
        if (this.tables.has(name)) throw new DynamoDbError('ResourceInUseException', `Table already exists: ${name}`);
        const indexes = new Map<string, KeySchema>();
        for (const gsi of (request.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: never }>) ?? [])
          indexes.set(gsi.IndexName, keySchemaOf(gsi.KeySchema));
        this.tables.set(name, { name, key: keySchemaOf(request.KeySchema as never), indexes, definition: request, items: new Map() });
        return { TableDescription: this.describe(this.table(name)) };
      }
      case 'DescribeTable':
        return { Table: this.describe(this.table(request.TableName)) };
      case 'UpdateTable': {
        const table = this.table(request.TableName);
        for (const update of (request.GlobalSecondaryIndexUpdates as Array<{ Create?: { IndexName: string; KeySchema: never } }>) ?? [])
          if (update.Create) table.indexes.set(update.Create.IndexName, keySchemaOf(update.Create.KeySchema));
        return { TableDescription: this.describe(table) };
      }
      case 'DeleteTable': {
        const table = this.table(request.TableName);
        this.tables.delete(table.name);
        return { TableDescription: this.describe(table) };
      }
      case 'ListTables':
        return { TableNames: [...this.tables.keys()].sort() };
      case 'UpdateTimeToLive':
        this.table(request.TableName);
        return { TimeToLiveSpecification: request.TimeToLiveSpecification };
      case 'DescribeTimeToLive':
        this.table(request.TableName);
        return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' } };
      case 'GetItem': {
        this.checkPlaceholders(request);
        const table = this.table(request.TableName);
        const item = table.items.get(this.keyId(table, request.Key ?? {}));
        const units = MemoryDynamoDb.readUnits(item ? sizeOfItem(item) : 0, request.ConsistentRead);
        return {
          ...(item ? { Item: project(copy(item), request.ProjectionExpression, request.ExpressionAttributeNames) } : {}),
          ...this.capacity(request, units),
        };
      }
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem': {
        const kind = operation === 'PutItem' ? 'Put' : operation === 'UpdateItem' ? 'Update' : 'Delete';
        const { old, next, commit } = this.plan(kind, request);
        commit();
        return { ...this.returned(request.ReturnValues, old, next), ...this.capacity(request, MemoryDynamoDb.writeUnits(next ?? old)) };
      }
      case 'TransactWriteItems':
        return this.transactWrite(request);
      case 'BatchWriteItem': {
        for (const [tableName, writes] of Object.entries(
          request.RequestItems as Record<string, Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>>,
        ))
          for (const write of writes) {
            if (write.PutRequest) this.plan('Put', { TableName: tableName, Item: write.PutRequest.Item }).commit();
            else if (write.DeleteRequest) this.plan('Delete', { TableName: tableName, Key: write.DeleteRequest.Key }).commit();
          }
        return { UnprocessedItems: {} };
      }
      case 'BatchGetItem': {
        const responses: Record<string, Item[]> = {};
        for (const [tableName, read] of Object.entries(
          request.RequestItems as Record<string, { Keys: Item[]; ProjectionExpression?: string; ExpressionAttributeNames?: Names }>,
        )) {
          const table = this.table(tableName);
          responses[tableName] = read.Keys.flatMap((key) => {
            const item = table.items.get(this.keyId(table, key));
            return item ? [project(copy(item), read.ProjectionExpression, read.ExpressionAttributeNames)] : [];
          });
        }
        return { Responses: responses, UnprocessedKeys: {} };
      }
      case 'Query':
      case 'Scan':
        return this.read(operation, request);
      default:
        throw new DynamoDbError('UnknownOperationException', `${operation} is not supported by the in-memory DynamoDB`);
    }
  }

  private describe(table: Table) {
    const definition = table.definition as { KeySchema?: unknown; AttributeDefinitions?: unknown };
    return {
      TableName: table.name,
      TableStatus: 'ACTIVE',
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      ItemCount: table.items.size,
      GlobalSecondaryIndexes: [...table.indexes].map(([IndexName, key]) => ({
        IndexName,
        IndexStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: key.hash, KeyType: 'HASH' }, ...(key.range ? [{ AttributeName: key.range, KeyType: 'RANGE' }] : [])],
        Projection: { ProjectionType: 'ALL' },
      })),
    };
  }

  private returned(returnValues: string | undefined, old: Item | undefined, next: Item | undefined): { Attributes?: Item } {
    switch (returnValues) {
      case 'ALL_OLD':
        return old ? { Attributes: copy(old) } : {};
      case 'ALL_NEW':
        return next ? { Attributes: copy(next) } : {};
      case 'UPDATED_OLD':
      case 'UPDATED_NEW': {
        const source = returnValues === 'UPDATED_OLD' ? old : next;
        const other = returnValues === 'UPDATED_OLD' ? next : old;
        if (!source) return {};
        const changed = Object.fromEntries(
          Object.entries(source).filter(([name, value]) => !other?.[name] || JSON.stringify(other[name]) !== JSON.stringify(value)),
        );
        return Object.keys(changed).length ? { Attributes: copy(changed) } : {};
      }
      default:
        return {};
    }
  }

  private transactWrite(request: Record<string, unknown>) {
    type Entry = Partial<Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', Request>>;
    const entries = request.TransactItems as Entry[];
    if (!entries?.length || entries.length > 100) throw invalid('Member must have length less than or equal to 100');
    const plans: Array<ReturnType<MemoryDynamoDb['plan']> | undefined> = [];
    const reasons: Array<Record<string, unknown>> = [];
    const ids = new Set<string>();
    for (const entry of entries) {
      const kind = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).find((name) => entry[name]);
      if (!kind) throw invalid('TransactItems can only contain one of Check, Put, Update or Delete');
      const action = entry[kind]!;
      const table = this.table(action.TableName);
      const id = `${table.name} ${this.keyId(table, kind === 'Put' ? this.keyOf(table, action.Item ?? {}) : (action.Key ?? {}))}`;
      if (ids.has(id)) throw invalid('Transaction request cannot include multiple operations on one item');
      ids.add(id);
      try {
        plans.push(this.plan(kind, action));
        reasons.push({ Code: 'None' });
      } catch (error) {
        if (!(error instanceof DynamoDbError) || error.type !== 'ConditionalCheckFailedException') throw error;
        plans.push(undefined);
        reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...error.extra });
      }
    }
    if (plans.some((plan) => plan === undefined))
      throw new DynamoDbError(
        'TransactionCanceledException',
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code as string).join(', ')}]`,
        { CancellationReasons: reasons },
      );
    for (const plan of plans) if (plan && plan.next !== plan.old) plan.commit();
    const applied = plans as Array<NonNullable<(typeof plans)[number]>>;
    const units = applied.reduce((sum, plan) => sum + 2 * MemoryDynamoDb.writeUnits(plan.next ?? plan.old), 0);
    return request.ReturnConsumedCapacity && request.ReturnConsumedCapacity !== 'NONE'
      ? { ConsumedCapacity: [{ TableName: applied[0].table.name, CapacityUnits: units }] }
      : {};
  }

  private read(operation: 'Query' | 'Scan', request: Request): Record<string, unknown> {
    this.checkPlaceholders(request);
    const table = this.table(request.TableName);
    const schema = request.IndexName ? table.indexes.get(request.IndexName) : table.key;
    if (!schema) throw invalid('The table does not have the specified index');
    let items = [...table.items.values()];
    if (request.IndexName) items = items.filter((item) => item[schema.hash] !== undefined && (!schema.range || item[schema.range] !== undefined));
    if (operation === 'Query') {
      if (!request.KeyConditionExpression) throw invalid('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
      const keyCondition = parseCondition(request.KeyConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues);
      items = items.filter((item) => holds(item, keyCondition));
    }
    // The index's sort key, then the table's key: the order DynamoDB keeps within a partition.
    const sortKeys = [
      operation === 'Query' ? schema.range : schema.hash,
      ...(operation === 'Scan' ? [schema.range] : []),
      table.key.hash,
      table.key.range,
    ].filter((name): name is string => name !== undefined);
    const byKeys = (a: Item, b: Item) => {
      for (const name of sortKeys) {
        const sign = a[name] && b[name] ? (order(a[name], b[name]) ?? 0) : 0;
        if (sign) return sign;
      }
      return 0;
    };
    items.sort(byKeys);
    if (operation === 'Query' && request.ScanIndexForward === false) items.reverse();
    if (request.ExclusiveStartKey) {
      const start = request.ExclusiveStartKey;
      const forward = operation === 'Scan' || request.ScanIndexForward !== false;
      items = items.filter((item) => (forward ? byKeys(item, start) > 0 : byKeys(item, start) < 0));
    }
    let lastKey: Item | undefined;
    if (request.Limit !== undefined && items.length >= request.Limit) {
      items = items.slice(0, request.Limit);
      const last = items[items.length - 1];
      const keyNames = new Set([schema.hash, schema.range, table.key.hash, table.key.range].filter((name): name is string => name !== undefined));
      lastKey = Object.fromEntries([...keyNames].filter((name) => last[name]).map((name) => [name, copy(last[name])]));
    }
    const scanned = items.length;
    const bytes = items.reduce((sum, item) => sum + sizeOfItem(item), 0);
    if (request.FilterExpression) {
      const filter = parseCondition(request.FilterExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues);
      items = items.filter((item) => holds(item, filter));
    }
    return {
      ...(request.Select === 'COUNT'
        ? {}
        : { Items: items.map((item) => project(copy(item), request.ProjectionExpression, request.ExpressionAttributeNames)) }),
      Count: items.length,
      ScannedCount: scanned,
      ...(lastKey ? { LastEvaluatedKey: lastKey } : {}),
      ...this.capacity(request, MemoryDynamoDb.readUnits(bytes, request.ConsistentRead)),
    };
  }
}

// On the global object, so that modules loaded afresh by a test (jest.resetModules) see the same tables.
const DATABASES = Symbol.for('passerelle.memoryDynamoDb');
const global = globalThis as { [DATABASES]?: Map<string, MemoryDynamoDb> };
const databases: Map<string, MemoryDynamoDb> = (global[DATABASES] ??= new Map<string, MemoryDynamoDb>());

/** The prefix of an endpoint served from memory: `memory://<name>` names one database of this process. */
export const MEMORY_ENDPOINT_PREFIX = 'memory://';

/**
 * The SDK's request handler for a `memory://` endpoint: each request is answered in this process,
 * as DynamoDB would answer it over HTTP. Returns undefined for any other endpoint.
 */
export const memoryTransport = (endpoint: string) => {
  if (!endpoint.startsWith(MEMORY_ENDPOINT_PREFIX)) return undefined;
  let database = databases.get(endpoint);
  if (!database) databases.set(endpoint, (database = new MemoryDynamoDb()));
  const db = database;
  return {
    metadata: { handlerProtocol: 'memory' },
    handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
      const operation = (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const respond = (statusCode: number, body: unknown) => ({
        response: {
          statusCode,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'memory' },
          body: Buffer.from(JSON.stringify(body)),
        },
      });
      try {
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
        const input = JSON.parse(text) as Request & Record<string, unknown>;
        return respond(200, db.answer(operation, input));
      } catch (error) {
        if (!(error instanceof DynamoDbError)) throw error;
        return respond(400, { __type: `com.amazonaws.dynamodb.v20120810#${error.type}`, message: error.message, ...error.extra });
      }
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
};
