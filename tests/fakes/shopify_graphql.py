"""The GraphQL side of the fake Shopify: parses and validates each document against
shopify_admin.graphql (graphql-core, Debian's python3-graphql-core 2.3), computes its requested cost
as Shopify documents it, and answers it field by field from the fake's store.

Calculated query cost (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits,
"Cost calculation"; the older https://shopify.dev/docs/api/usage/rate-limits): a scalar or an enum
costs 0, an object 1, an interface or a union the most expensive of its possible selections, a
connection 2 plus `first` (or `last`) times the cost of one of its nodes, a mutation 10. A single
query may cost at most 1 000 (MAX_COST_EXCEEDED). The requested cost assumes every connection
full; the actual cost counts what was returned. Shopify documents no size for plain lists: one
sized by an argument (`first`, or the `ids` of `nodes`) is counted that many times, an unsized
one once (as its object), the least this fake can be sure of.
Connections must be given `first` or `last` (https://shopify.dev/docs/api/usage/pagination-graphql),
at most 250 (https://shopify.dev/docs/api/usage/limits); bulk operations are exempt from both
and from the cost limit (https://shopify.dev/docs/api/usage/bulk-operations/queries).
"""
import base64
import os
import re

from graphql import build_ast_schema, parse, validate
from graphql.error import GraphQLError
from graphql.language import ast
from graphql.type import GraphQLEnumType, GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLScalarType, \
    GraphQLUnionType

SCHEMA = build_ast_schema(parse(open(os.path.join(os.path.dirname(__file__), "shopify_admin.graphql")).read()))
MAX_COST = 1000
MAX_PAGE = 250
MUTATION_COST = 10
STRUCTURE = ("edges", "node", "nodes", "pageInfo", "cursor")  # a connection's own fields, priced with it


class QueryError(Exception):
    """Refused before execution: `errors` in Shopify's shape."""

    def __init__(self, errors):
        super().__init__(errors[0]["message"])
        self.errors = errors


def unwrap(t):
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def is_list(t):
    if isinstance(t, GraphQLNonNull):
        t = t.of_type
    return isinstance(t, GraphQLList)


def is_connection(t):
    return unwrap(t).name.endswith("Connection")


def leaf(t):
    return isinstance(unwrap(t), (GraphQLScalarType, GraphQLEnumType))


def value_of(node, variables):
    if isinstance(node, ast.Variable):
        return variables.get(node.name.value)
    if isinstance(node, ast.IntValue):
        return int(node.value)
    if isinstance(node, ast.FloatValue):
        return float(node.value)
    if isinstance(node, ast.BooleanValue):
        return node.value
    if isinstance(node, ast.ListValue):
        return [value_of(v, variables) for v in node.values]
    if isinstance(node, ast.ObjectValue):
        return {f.name.value: value_of(f.value, variables) for f in node.fields}
    return node.value  # string, enum


def arguments(field, variables):
    return {a.name.value: value_of(a.value, variables) for a in field.arguments or []}


def shopify_error(e: GraphQLError):
    """graphql-core's message in the words and shape of Shopify's (graphql-ruby) errors."""
    located = {"locations": [{"line": l.line, "column": l.column} for l in (e.locations or [])]}
    m = re.match(r'Cannot query field "(\w+)" on type "(\w+)"', e.message)
    if m:
        return dict(message="Field '%s' doesn't exist on type '%s'" % m.groups(), **located,
                    extensions={"code": "undefinedField", "typeName": m.group(2), "fieldName": m.group(1)})
    return dict(message=e.message, **located, extensions={"code": "GRAPHQL_VALIDATION_FAILED"})


class Document:
    """One request: parsed, validated, its requested cost computed."""

    _checked = {}  # document text -> its parsed tree, or the errors refusing it (documents repeat)

    def __init__(self, text, variables, bulk=False, max_cost=MAX_COST):
        if text not in Document._checked:
            try:
                tree = parse(text)
                errors = [shopify_error(e) for e in validate(SCHEMA, tree)]
            except GraphQLError as e:
                tree, errors = None, [shopify_error(e)]
            Document._checked[text] = errors or tree
        checked = Document._checked[text]
        if isinstance(checked, list):
            raise QueryError(checked)
        self.doc = checked
        self.variables = variables or {}
        self.bulk = bulk
        self.fragments = {d.name.value: d for d in self.doc.definitions if isinstance(d, ast.FragmentDefinition)}
        ops = [d for d in self.doc.definitions if isinstance(d, ast.OperationDefinition)]
        self.op = ops[0]
        self.mutation = self.op.operation == "mutation"
        self.root = SCHEMA.get_mutation_type() if self.mutation else SCHEMA.get_query_type()
        self.requested = self.cost(self.op.selection_set, self.root, top=True)
        if not bulk and self.requested > max_cost:
            raise QueryError([{
                "message": "Query cost is %d, which exceeds the single query max cost limit (%d).\n\nSee "
                           "https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                           "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk "
                           "operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-"
                           "operations-with-admin-api for usage details.\n" % (self.requested, max_cost),
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": self.requested, "maxCost": max_cost,
                               "documentation": "https://shopify.dev/api/usage/rate-limits"}}])

    def fields(self, selection_set, type_name=None):
        """The fields of a selection set (fragments spread) that apply to an object of type_name
        (None: those of every type, fragments on one type left out)."""
        for s in selection_set.selections:
            if isinstance(s, ast.Field):
                yield s
            else:
                frag = self.fragments[s.name.value] if isinstance(s, ast.FragmentSpread) else s
                on = frag.type_condition.name.value if frag.type_condition else None
                if on is None or on == type_name:
                    yield from self.fields(frag.selection_set, type_name)

    def size(self, field, gql_type):
        args = arguments(field, self.variables)
        n = args.get("first") if args.get("first") is not None else args.get("last")
        if is_connection(gql_type) and not self.bulk:
            if n is None:
                raise QueryError([{"message": "you must provide one of first or last",
                                   "path": [field.name.value], "extensions": {"code": "argumentLiteralsIncompatible"}}])
            if n > MAX_PAGE:
                raise QueryError([{"message": "The maximum number of records that can be returned by %s is %d"
                                              % (field.name.value, MAX_PAGE), "path": [field.name.value],
                                   "extensions": {"code": "argumentLiteralsIncompatible"}}])
        if n is None and "ids" in args:
            n = len(args["ids"] or [])
        return n

    def object_cost(self, selection_set, gql_type):
        """1 for the object, plus its fields; an interface, its most expensive possible type."""
        t = unwrap(gql_type)
        if isinstance(t, (GraphQLInterfaceType, GraphQLUnionType)):
            return 1 + max(self.children(selection_set, p) for p in SCHEMA.get_possible_types(t))
        return 1 + self.children(selection_set, t)

    def children(self, selection_set, t):
        return sum(self.field_cost(f, t.fields[f.name.value].type) for f in self.fields(selection_set, t.name)
                   if f.name.value != "__typename")

    def node_selection(self, field):
        """A connection's node selection: nodes { … } and edges { node { … } } together."""
        sets = []
        for f in field.selection_set.selections if field.selection_set else []:
            if isinstance(f, ast.Field) and f.name.value == "nodes":
                sets.append(f.selection_set)
            elif isinstance(f, ast.Field) and f.name.value == "edges":
                sets += [g.selection_set for g in f.selection_set.selections
                         if isinstance(g, ast.Field) and g.name.value == "node"]
        return ast.SelectionSet(selections=[s for ss in sets for s in ss.selections])

    def field_cost(self, field, gql_type):
        if leaf(gql_type):
            return 0
        n = self.size(field, gql_type)
        if is_connection(gql_type):
            node_type = unwrap(unwrap(gql_type).fields["nodes"].type)
            return 2 + (n or 0) * self.object_cost(self.node_selection(field), node_type)
        each = self.object_cost(field.selection_set, gql_type)
        return each * n if is_list(gql_type) and n is not None else each

    def cost(self, selection_set, root, top=False):
        if self.mutation and top:
            return MUTATION_COST * sum(1 for _ in self.fields(selection_set))
        return self.children(selection_set, root)

    # -- execution --------------------------------------------------------------------------------
    def execute(self, resolve_root):
        """data and actual cost: resolve_root(name, args) gives each root field's stored value (a
        dict, a list for lists and connections, None)."""
        data, actual = {}, 0
        for f in self.fields(self.op.selection_set, self.root.name):
            gql_type = self.root.fields[f.name.value].type
            value = resolve_root(f.name.value, arguments(f, self.variables))
            data[f.alias.value if f.alias else f.name.value], cost = self.resolve(f, gql_type, value)
            actual += cost
        return data, (MUTATION_COST * len(data) if self.mutation else actual)

    def resolve(self, field, gql_type, value):
        """The answer to one field from a stored value, and its actual cost."""
        if field.name.value == "__typename":
            return value, 0
        if leaf(gql_type) or value is None:
            return value, 0
        t = unwrap(gql_type)
        if is_connection(gql_type):
            return self.connection(field, t, value)
        if is_list(gql_type):
            n = self.size(field, gql_type)
            items = value[:n] if n is not None else value
            answers = [self.resolve_object(field.selection_set, t, v) for v in items]
            if n is None:  # unsized: priced once, as its object
                return [a for a, _ in answers], (max(c for _, c in answers) if answers else 0)
            return [a for a, _ in answers], sum(c for _, c in answers)
        return self.resolve_object(field.selection_set, t, value)

    def resolve_object(self, selection_set, t, value):
        if value is None:
            return None, 0
        if isinstance(t, (GraphQLInterfaceType, GraphQLUnionType)):
            t = SCHEMA.get_type(value["__typename"])
        out, cost = {}, 1
        for f in self.fields(selection_set, t.name):
            key = f.alias.value if f.alias else f.name.value
            if f.name.value == "__typename":
                out[key] = t.name
                continue
            ftype = t.fields[f.name.value].type
            default = [] if is_list(ftype) or is_connection(ftype) else None
            out[key], c = self.resolve(f, ftype, value.get(f.name.value, default))
            cost += c
        return out, cost

    def connection(self, field, t, items):
        """A stored list served as a Relay connection: cursors are positions, `after` honoured."""
        args = arguments(field, self.variables)
        start = int(base64.b64decode(args["after"])) if args.get("after") else 0
        n = args.get("first") or args.get("last") or len(items)
        page = items[start:start + n]
        end = start + len(page)
        node_type = unwrap(t.fields["nodes"].type)
        out, cost = {}, 2
        answers = [self.resolve_object(self.node_selection(field), node_type, v) for v in page]
        cost += sum(c for _, c in answers)
        cursor = lambda i: base64.b64encode(str(i).encode()).decode()
        for f in self.fields(field.selection_set, t.name):
            key = f.alias.value if f.alias else f.name.value
            if f.name.value == "nodes":
                out[key] = [self.resolve_object(f.selection_set, node_type, v)[0] for v in page]
            elif f.name.value == "edges":
                out[key] = [self.resolve_object(f.selection_set, SCHEMA.get_type(t.name[:-10] + "Edge"),
                                                {"node": v, "cursor": cursor(start + i + 1)})[0]
                            for i, v in enumerate(page)]
            elif f.name.value == "pageInfo":
                info = {"hasNextPage": end < len(items), "hasPreviousPage": start > 0,
                        "startCursor": cursor(start + 1) if page else None, "endCursor": cursor(end) if page else None}
                out[key] = self.resolve_object(f.selection_set, SCHEMA.get_type("PageInfo"), info)[0]
        return out, cost
