import { awsError } from './aws-error.js';
import { conditionHolds, type AttributeValue, type ConditionInput, type Item } from './dynamodb-conditions.js';

/**
 * UpdateItem's part devenv's counts need: `ADD` of numbers (`ADD #a :x, #b :y`), which starts a missing attribute at 0
 * and a missing item from its key, checked against an optional condition first. Anything else is a ValidationException.
 */
export interface UpdateInput extends ConditionInput {
  UpdateExpression?: string;
}

const ADD_CLAUSE = /^\s*ADD\s+(.+)$/is;
const ACTION = /^\s*(#?[A-Za-z_][A-Za-z0-9_]*)\s+(:[A-Za-z_][A-Za-z0-9_]*)\s*$/;

const validation = (message: string): Error => awsError('ValidationException', message);

/** The item after the update, or a ConditionalCheckFailedException when the condition does not hold for `current`. */
export function applyUpdate(input: UpdateInput, key: Item, current: Item | undefined): Item {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const clause = ADD_CLAUSE.exec(input.UpdateExpression ?? '');
  if (!clause) throw validation('Invalid UpdateExpression: the simulated DynamoDB supports ADD of numbers only');
  const actions = clause[1]!.split(',').map((action) => {
    const match = ACTION.exec(action);
    if (!match) throw validation(`Invalid UpdateExpression: Syntax error; token: "${action.trim()}"`);
    const name = match[1]!.startsWith('#') ? names[match[1]!] : match[1]!;
    const value = values[match[2]!];
    if (name === undefined || value === undefined) throw validation(`Invalid UpdateExpression: An expression attribute name or value is not defined: ${action.trim()}`);
    if (!('N' in value)) throw validation('Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: not a number');
    return { name, value, tokens: [match[1]!, match[2]!] };
  });
  const inUpdate = new Set(actions.flatMap((action) => action.tokens));
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
  const next: Item = { ...(current ?? key) };
  for (const { name, value } of actions) {
    const before: AttributeValue | undefined = next[name];
    if (before !== undefined && !('N' in before)) throw validation('An operand in the update expression has an incorrect data type');
    next[name] = { N: String(Number(before?.N ?? 0) + Number(value.N)) };
  }
  return next;
}
