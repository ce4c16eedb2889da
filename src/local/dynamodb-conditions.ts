import { awsError } from './aws-error.js';

/**
 * DynamoDB condition expressions, the part devenv's lock needs and a little more: comparisons (`= <> < <= > >=`),
 * `attribute_exists`, `attribute_not_exists`, `AND`, `OR`, `NOT` and parentheses, with `#name` and `:value`
 * placeholders. Precedence as DynamoDB documents it: NOT, then AND, then OR. Anything else is a ValidationException.
 */

/** One attribute value, as the API carries it (`{ S: 'x' }`, `{ N: '42' }`, …). */
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

export interface ConditionInput {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

type Operand = { kind: 'path'; name: string } | { kind: 'value'; value: AttributeValue };

type Node =
  | { kind: 'compare'; op: string; left: Operand; right: Operand }
  | { kind: 'exists'; negated: boolean; name: string }
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; operand: Node };

const TOKEN = /\s*(<>|<=|>=|[=<>(),]|[#:]?[A-Za-z_][A-Za-z0-9_]*)/y;

const validation = (message: string): Error => awsError('ValidationException', message);

/** Whether `item` (undefined: no item) passes the input's condition; true when there is none. Throws on a bad expression. */
export function conditionHolds(input: ConditionInput, item: Item | undefined): boolean {
  const expression = input.ConditionExpression;
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const usedNames = new Set<string>();
  const usedValues = new Set<string>();
  if (expression === undefined) {
    if (Object.keys(values).length > 0) throw validation('ExpressionAttributeValues can only be specified when using expressions');
    if (Object.keys(names).length > 0) throw validation('ExpressionAttributeNames can only be specified when using expressions');
    return true;
  }
  const tree = parse(expression, {
    name(token) {
      if (!token.startsWith('#')) return token;
      const name = names[token];
      if (name === undefined) throw validation(`Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: ${token}`);
      usedNames.add(token);
      return name;
    },
    value(token) {
      const value = values[token];
      if (value === undefined) throw validation(`Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: ${token}`);
      usedValues.add(token);
      return value;
    },
  });
  const unusedValues = Object.keys(values).filter((key) => !usedValues.has(key));
  if (unusedValues.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  const unusedNames = Object.keys(names).filter((key) => !usedNames.has(key));
  if (unusedNames.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
  return evaluate(tree, item ?? {});
}

interface Resolver {
  name(token: string): string;
  value(token: string): AttributeValue;
}

function parse(expression: string, resolve: Resolver): Node {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(expression);
    if (!match) throw validation(`Invalid ConditionExpression: Syntax error; token: "${expression.slice(TOKEN.lastIndex).trim().split(/\s+/)[0]}"`);
    tokens.push(match[1]!);
  }
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const keyword = (word: string) => peek()?.toUpperCase() === word;
  const expect = (token: string) => {
    if (next() !== token) throw validation(`Invalid ConditionExpression: Syntax error; expected "${token}"`);
  };
  const operand = (): Operand => {
    const token = next();
    if (token === undefined) throw validation('Invalid ConditionExpression: Syntax error; unexpected end of expression');
    if (token.startsWith(':')) return { kind: 'value', value: resolve.value(token) };
    if (!/^#?[A-Za-z_]/.test(token)) throw validation(`Invalid ConditionExpression: Syntax error; token: "${token}"`);
    return { kind: 'path', name: resolve.name(token) };
  };
  const primary = (): Node => {
    if (peek() === '(') {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    if (keyword('NOT')) {
      next();
      return { kind: 'not', operand: primary() };
    }
    const head = peek()?.toLowerCase();
    if (head === 'attribute_exists' || head === 'attribute_not_exists') {
      next();
      expect('(');
      const path = operand();
      expect(')');
      if (path.kind !== 'path') throw validation(`Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: ${head}`);
      return { kind: 'exists', negated: head === 'attribute_not_exists', name: path.name };
    }
    const left = operand();
    const op = next();
    if (op === undefined || !['=', '<>', '<', '<=', '>', '>='].includes(op)) {
      throw validation(`Invalid ConditionExpression: Syntax error; token: "${op ?? '<EOF>'}"`);
    }
    return { kind: 'compare', op, left, right: operand() };
  };
  const and = (): Node => {
    let left = primary();
    while (keyword('AND')) {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (keyword('OR')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (position < tokens.length) throw validation(`Invalid ConditionExpression: Syntax error; token: "${tokens[position]}"`);
  return tree;
}

function evaluate(node: Node, item: Item): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, item) && evaluate(node.right, item);
    case 'or':
      return evaluate(node.left, item) || evaluate(node.right, item);
    case 'not':
      return !evaluate(node.operand, item);
    case 'exists':
      return (item[node.name] !== undefined) !== node.negated;
    case 'compare': {
      const left = node.left.kind === 'path' ? item[node.left.name] : node.left.value;
      const right = node.right.kind === 'path' ? item[node.right.name] : node.right.value;
      return compare(node.op, left, right);
    }
  }
}

/** A comparison with a missing attribute, or of values of different types, is false (`<>` of different types is true). */
function compare(op: string, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  const [leftType] = Object.keys(left);
  const [rightType] = Object.keys(right);
  if (leftType !== rightType) return op === '<>';
  const a = left[leftType!];
  const b = right[rightType!];
  if (op === '=' || op === '<>') return (JSON.stringify(a) === JSON.stringify(b)) === (op === '=');
  if (leftType !== 'N' && leftType !== 'S') return false;
  const order = leftType === 'N' ? Number(a) - Number(b) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}
