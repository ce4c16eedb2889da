import { awsError } from './aws-error.js';
import { conditionHolds, type AttributeValue, type ConditionInput, type Item } from './dynamodb-conditions.js';

/**
 * UpdateItem's part devenv's counts need: `ADD` of numbers (a missing attribute, or item, starts at 0), `SET a = :v` and
 * `REMOVE a`, in any order (`ADD #a :x, #b :y SET #c = :z REMOVE #d`), checked against an optional condition first.
 * Anything else is a ValidationException.
 */
export interface UpdateInput extends ConditionInput {
  UpdateExpression?: string;
}

const CLAUSE = /\b(ADD|SET|REMOVE)\b/gi;
const PATH = '#?[A-Za-z_][A-Za-z0-9_]*';
const VALUE = ':[A-Za-z_][A-Za-z0-9_]*';
const ADD_ACTION = new RegExp(`^\\s*(${PATH})\\s+(${VALUE})\\s*$`);
const SET_ACTION = new RegExp(`^\\s*(${PATH})\\s*=\\s*(${VALUE})\\s*$`);
const REMOVE_ACTION = new RegExp(`^\\s*(${PATH})\\s*$`);

type Action = { kind: 'ADD' | 'SET'; path: string; value: string } | { kind: 'REMOVE'; path: string };

const validation = (message: string): Error => awsError('ValidationException', message);

/** The item after the update, or a ConditionalCheckFailedException when the condition does not hold for `current`. */
export function applyUpdate(input: UpdateInput, key: Item, current: Item | undefined): Item {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const actions = parseActions(input.UpdateExpression ?? '');
  const inUpdate = new Set(actions.flatMap((action) => (action.kind === 'REMOVE' ? [action.path] : [action.path, action.value])));
  const inCondition = (token: string) => new RegExp(`${token}(?![A-Za-z0-9_])`).test(input.ConditionExpression ?? '');
  for (const token of [...Object.keys(names), ...Object.keys(values)]) {
    if (!inUpdate.has(token) && !inCondition(token)) throw validation(`Value provided in ExpressionAttribute{Names,Values} unused in expressions: keys: {${token}}`);
  }
  const condition: ConditionInput = {
    ...(input.ConditionExpression !== undefined ? { ConditionExpression: input.ConditionExpression } : {}),
    ExpressionAttributeNames: Object.fromEntries(Object.entries(names).filter(([token]) => inCondition(token))),
    ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([token]) => inCondition(token))),
  };
  if (!conditionHolds(condition, current)) throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
  const name = (path: string) => {
    const resolved = path.startsWith('#') ? names[path] : path;
    if (resolved === undefined) throw validation(`Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: ${path}`);
    return resolved;
  };
  const value = (token: string) => {
    const resolved = values[token];
    if (resolved === undefined) throw validation(`Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: ${token}`);
    return resolved;
  };
  const next: Item = { ...(current ?? key) };
  for (const action of actions) {
    const attribute = name(action.path);
    if (action.kind === 'REMOVE') {
      delete next[attribute];
    } else if (action.kind === 'SET') {
      next[attribute] = value(action.value);
    } else {
      const amount: AttributeValue = value(action.value);
      const before: AttributeValue | undefined = next[attribute];
      if (!('N' in amount) || (before !== undefined && !('N' in before))) {
        throw validation('Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: not a number');
      }
      next[attribute] = { N: String(Number(before?.N ?? 0) + Number(amount.N)) };
    }
  }
  return next;
}

function parseActions(expression: string): Action[] {
  const keywords = [...expression.matchAll(CLAUSE)];
  if (keywords.length === 0 || expression.slice(0, keywords[0]!.index).trim() !== '') {
    throw validation('Invalid UpdateExpression: the simulated DynamoDB supports ADD, SET and REMOVE clauses only');
  }
  return keywords.flatMap((keyword, index) => {
    const kind = keyword[1]!.toUpperCase() as Action['kind'];
    const body = expression.slice(keyword.index! + keyword[0].length, keywords[index + 1]?.index ?? expression.length);
    return body.split(',').map((text): Action => {
      const pattern = kind === 'ADD' ? ADD_ACTION : kind === 'SET' ? SET_ACTION : REMOVE_ACTION;
      const match = pattern.exec(text);
      if (!match) throw validation(`Invalid UpdateExpression: Syntax error; token: "${text.trim()}"`);
      return kind === 'REMOVE' ? { kind, path: match[1]! } : { kind, path: match[1]!, value: match[2]! };
    });
  });
}
