package io.tandem.importers.crm;

import io.tandem.importers.crm.CrmCommand.AttributeExpression;
import io.tandem.importers.crm.CrmCommand.AttributeSet;
import io.tandem.importers.crm.CrmCommand.DateExpression;
import io.tandem.importers.crm.CrmCommand.Expression;
import io.tandem.importers.crm.CrmCommand.NvPair;
import io.tandem.importers.crm.CrmCommand.Operation;
import io.tandem.importers.crm.CrmCommand.PropertyKind;
import io.tandem.importers.crm.CrmCommand.ResourceRef;
import io.tandem.importers.crm.CrmCommand.Rule;
import io.tandem.importers.crm.CrmCommand.Section;
import io.tandem.importers.crm.CrmCommand.SetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads crm shell configure syntax (crmsh 4.x) into {@link CrmCommand}s. One command per line; a line ending in
 * {@code \} continues on the next; a line starting with {@code #} is a comment (a {@code #} inside a line is not:
 * {@code #uname} is an attribute). Tokens are separated by blanks; double or single quotes keep blanks inside a
 * value ({@code params "fake=a b"} and {@code fake="a b"} mean the same), a backslash inside double quotes
 * escapes the next character. Only syntax is checked here; ids, scores and durations are checked by
 * {@link CrmApplier}.
 */
public final class CrmParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern NAME = Pattern.compile("[^=\\s]+");
    private static final Set<String> SECTION_KEYWORDS = Set.of("params", "meta", "op", "utilization");
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "lt", "gt", "lte", "gte");
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "version");
    private static final String EXPECTED_ID = "an id (a letter or '_', then letters, digits, '_', '-', '.')";

    /** A token: its text with quotes removed, where it starts, and whether any part of it was quoted. */
    record Token(String text, int line, int column, boolean quoted) {
    }

    private final List<Token> tokens;
    private final int endLine;
    private final int endColumn;
    private int pos;

    private CrmParser(List<Token> tokens, int endLine, int endColumn) {
        this.tokens = tokens;
        this.endLine = endLine;
        this.endColumn = endColumn;
    }

    /** Parses every command in the text, in order. */
    public static List<CrmCommand> parse(String text) throws CrmSyntaxException {
        List<CrmCommand> commands = new ArrayList<>();
        for (Statement s : split(text)) {
            commands.add(new CrmParser(s.tokens, s.endLine, s.endColumn).command());
        }
        return commands;
    }

    // ---------------------------------------------------------------- lexer

    private record Statement(List<Token> tokens, int endLine, int endColumn) {
    }

    private static List<Statement> split(String text) throws CrmSyntaxException {
        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        int wordLine = 0;
        int wordColumn = 0;
        int line = 1;
        int column = 0;
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        while (i < n) {
            char c = text.charAt(i);
            column++;
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i++;
                c = '\n';
            }
            if (c == '#' && word == null && current.isEmpty()) {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
                continue;
            }
            if (c == '\\' && (i + 1 == n || text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                // a continuation: the line break is a blank
                if (word != null) {
                    current.add(new Token(word.toString(), wordLine, wordColumn, quoted));
                    word = null;
                }
                i++;
                if (i < n && text.charAt(i) == '\r') {
                    i++;
                }
                if (i < n && text.charAt(i) == '\n') {
                    i++;
                }
                line++;
                column = 0;
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (word != null) {
                    current.add(new Token(word.toString(), wordLine, wordColumn, quoted));
                    word = null;
                }
                if (!current.isEmpty()) {
                    statements.add(new Statement(current, line, column));
                    current = new ArrayList<>();
                }
                line++;
                column = 0;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || Character.isSpaceChar(c)) {
                if (word != null) {
                    current.add(new Token(word.toString(), wordLine, wordColumn, quoted));
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
                quoted = false;
                wordLine = line;
                wordColumn = column;
            }
            if (c == '"' || c == '\'') {
                int quoteLine = line;
                int quoteColumn = column;
                quoted = true;
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = text.charAt(i);
                    column++;
                    if (q == c) {
                        closed = true;
                        i++;
                        break;
                    }
                    if (q == '\n' || q == '\r') {
                        break;
                    }
                    if (q == '\\' && c == '"' && i + 1 < n && text.charAt(i + 1) != '\n') {
                        word.append(text.charAt(i + 1));
                        column++;
                        i += 2;
                        continue;
                    }
                    word.append(q);
                    i++;
                }
                if (!closed) {
                    throw new CrmSyntaxException(quoteLine, quoteColumn, String.valueOf(c),
                            "a closing " + c + " on the same line");
                }
                continue;
            }
            word.append(c);
            i++;
        }
        if (word != null) {
            current.add(new Token(word.toString(), wordLine, wordColumn, quoted));
        }
        if (!current.isEmpty()) {
            statements.add(new Statement(current, line, column + 1));
        }
        return statements;
    }

    // ---------------------------------------------------------------- cursor

    private boolean atEnd() {
        return pos >= tokens.size();
    }

    private Token peek() {
        return atEnd() ? null : tokens.get(pos);
    }

    private boolean peekIs(String keyword) {
        Token t = peek();
        return t != null && !t.quoted() && t.text().equals(keyword);
    }

    private CrmSyntaxException error(String expected) {
        Token t = peek();
        if (t == null) {
            return new CrmSyntaxException(endLine, endColumn, "", expected);
        }
        return new CrmSyntaxException(t.line(), t.column(), t.text(), expected);
    }

    private Token next(String expected) throws CrmSyntaxException {
        if (atEnd()) {
            throw error(expected);
        }
        return tokens.get(pos++);
    }

    private String id() throws CrmSyntaxException {
        Token t = peek();
        if (t == null || !ID.matcher(t.text()).matches()) {
            throw error(EXPECTED_ID);
        }
        pos++;
        return t.text();
    }

    private void end() throws CrmSyntaxException {
        if (!atEnd()) {
            throw error("the end of the command");
        }
    }

    private static boolean isPair(Token t) {
        int eq = t.text().indexOf('=');
        return eq > 0 && NAME.matcher(t.text().substring(0, eq)).matches();
    }

    private NvPair pair(String expected) throws CrmSyntaxException {
        Token t = peek();
        if (t == null || !isPair(t)) {
            throw error(expected);
        }
        pos++;
        int eq = t.text().indexOf('=');
        return new NvPair(t.text().substring(0, eq), t.text().substring(eq + 1));
    }

    /** A token such as {@code 100:} or {@code Mandatory:}: the part before the colon. */
    private String beforeColon(String expected) throws CrmSyntaxException {
        Token t = peek();
        if (t == null || t.quoted() || !t.text().endsWith(":") || t.text().length() < 2) {
            throw error(expected);
        }
        pos++;
        return t.text().substring(0, t.text().length() - 1);
    }

    // ---------------------------------------------------------------- grammar

    private CrmCommand command() throws CrmSyntaxException {
        Token first = peek();
        int line = first.line();
        String keyword = first.quoted() ? "" : first.text();
        pos++;
        CrmCommand c = switch (keyword) {
            case "primitive" -> primitive(line);
            case "group" -> group(line);
            case "clone" -> clone(line, false);
            case "ms", "master" -> clone(line, true);
            case "location" -> location(line);
            case "colocation", "collocation" -> colocation(line);
            case "order" -> order(line);
            case "property" -> properties(line, PropertyKind.PROPERTY);
            case "rsc_defaults" -> properties(line, PropertyKind.RSC_DEFAULTS);
            case "op_defaults" -> properties(line, PropertyKind.OP_DEFAULTS);
            case "node" -> node(line);
            case "delete" -> delete(line);
            case "show" -> show(line);
            case "verify" -> new CrmCommand.Verify(line);
            case "commit" -> new CrmCommand.Commit(line);
            default -> {
                pos--;
                throw error("a command (primitive, group, clone, ms, location, colocation, order, property,"
                        + " rsc_defaults, op_defaults, node, delete, show, verify, commit)");
            }
        };
        end();
        return c;
    }

    private CrmCommand primitive(int line) throws CrmSyntaxException {
        String id = id();
        Token agent = peek();
        String expectedAgent = "a resource agent (class:provider:type such as ocf:heartbeat:IPaddr2, class:type such as"
                + " lsb:nginx, or a type of ocf:heartbeat)";
        if (agent == null || agent.text().startsWith("@") || isPair(agent) || SECTION_KEYWORDS.contains(agent.text())) {
            throw error(expectedAgent);
        }
        String[] parts = agent.text().split(":", -1);
        for (String p : parts) {
            if (p.isEmpty() || !NAME.matcher(p).matches()) {
                throw error(expectedAgent);
            }
        }
        String agentClass;
        String provider = null;
        String type;
        switch (parts.length) {
            case 1 -> {
                agentClass = "ocf";
                provider = "heartbeat";
                type = parts[0];
            }
            case 2 -> {
                agentClass = parts[0];
                type = parts[1];
            }
            case 3 -> {
                agentClass = parts[0];
                provider = parts[1];
                type = parts[2];
            }
            default -> throw error(expectedAgent);
        }
        pos++;
        List<Section> sections = sections(true);
        return new CrmCommand.Primitive(line, id, agentClass, provider, type, sections);
    }

    private List<Section> sections(boolean withOps) throws CrmSyntaxException {
        List<Section> sections = new ArrayList<>();
        String expected = withOps ? "params, meta, op or utilization" : "params or meta";
        while (!atEnd()) {
            Token t = peek();
            String keyword = t.quoted() ? "" : t.text();
            switch (keyword) {
                case "params" -> sections.add(attributeSet(SetKind.PARAMS));
                case "meta" -> sections.add(attributeSet(SetKind.META));
                case "utilization" -> {
                    if (!withOps) {
                        throw error(expected);
                    }
                    sections.add(attributeSet(SetKind.UTILIZATION));
                }
                case "op" -> {
                    if (!withOps) {
                        throw error(expected);
                    }
                    pos++;
                    Token name = peek();
                    if (name == null || isPair(name) || SECTION_KEYWORDS.contains(name.text())
                            || !NAME.matcher(name.text()).matches()) {
                        throw error("an operation name (monitor, start, stop, promote, ...)");
                    }
                    pos++;
                    List<NvPair> attrs = new ArrayList<>();
                    while (!atEnd() && isPair(peek())) {
                        attrs.add(pair("name=value"));
                    }
                    sections.add(new Operation(name.text(), attrs));
                }
                default -> throw error(expected);
            }
        }
        return sections;
    }

    private AttributeSet attributeSet(SetKind kind) throws CrmSyntaxException {
        pos++;
        String setId = null;
        List<NvPair> pairs = new ArrayList<>();
        while (!atEnd() && isPair(peek())) {
            NvPair p = pair("name=value");
            if (p.name().equals("$id") && pairs.isEmpty() && setId == null) {
                setId = p.value();
            } else {
                pairs.add(p);
            }
        }
        if (pairs.isEmpty()) {
            throw error("name=value after " + kind.keyword());
        }
        return new AttributeSet(kind, setId, pairs);
    }

    private CrmCommand group(int line) throws CrmSyntaxException {
        String id = id();
        List<String> members = new ArrayList<>();
        while (!atEnd() && !SECTION_KEYWORDS.contains(peek().text())) {
            members.add(id());
        }
        if (members.isEmpty()) {
            throw error("the id of a primitive to put in the group");
        }
        return new CrmCommand.Group(line, id, members, sections(false));
    }

    private CrmCommand clone(int line, boolean ms) throws CrmSyntaxException {
        String id = id();
        if (atEnd() || SECTION_KEYWORDS.contains(peek().text())) {
            throw error("the id of the primitive or group to clone");
        }
        String child = id();
        return new CrmCommand.Clone(line, id, child, ms, sections(false));
    }

    private String role() throws CrmSyntaxException {
        Token t = peek();
        if (t != null && (t.text().startsWith("role=") || t.text().startsWith("$role="))) {
            return pair("role=ROLE").value();
        }
        return null;
    }

    private CrmCommand location(int line) throws CrmSyntaxException {
        String id = id();
        String rsc = id();
        String role = role();
        if (peekIs("rule")) {
            if (role != null) {
                pos--;
                throw error("rule without a role before it (give the role in the rule: rule $role=ROLE ...)");
            }
            List<Rule> rules = new ArrayList<>();
            while (peekIs("rule")) {
                pos++;
                rules.add(rule());
            }
            return new CrmCommand.Location(line, id, rsc, null, null, null, rules);
        }
        String score = beforeColon("a score such as 100: or -inf:, or rule");
        Token node = peek();
        if (node == null || isPair(node)) {
            throw error("a node name");
        }
        pos++;
        return new CrmCommand.Location(line, id, rsc, role, score, node.text(), List.of());
    }

    private Rule rule() throws CrmSyntaxException {
        String ruleId = null;
        String role = null;
        while (!atEnd() && isPair(peek())) {
            Token t = peek();
            if (t.text().startsWith("$id=") && ruleId == null) {
                ruleId = pair("$id=ID").value();
            } else if ((t.text().startsWith("$role=") || t.text().startsWith("role=")) && role == null) {
                role = pair("$role=ROLE").value();
            } else {
                throw error("$id=, $role= or a score such as 100:");
            }
        }
        String score = beforeColon("a score such as 100: or -inf:");
        List<Expression> expressions = new ArrayList<>();
        String booleanOp = null;
        expressions.add(expression());
        while (peekIs("and") || peekIs("or")) {
            String op = peek().text();
            if (booleanOp != null && !booleanOp.equals(op)) {
                throw error(booleanOp + " (a rule uses one boolean operator; write a second rule for the other)");
            }
            booleanOp = op;
            pos++;
            expressions.add(expression());
        }
        if (!atEnd() && !peekIs("rule")) {
            throw error("and, or, rule or the end of the command");
        }
        return new Rule(ruleId, role, score, "or".equals(booleanOp) ? "or" : null, expressions);
    }

    private Expression expression() throws CrmSyntaxException {
        Token t = next("an expression (ATTR eq VALUE, defined ATTR, not_defined ATTR, date lt|gt|in ...)");
        if (!t.quoted() && (t.text().equals("defined") || t.text().equals("not_defined"))) {
            Token attr = next("an attribute name");
            return new AttributeExpression(attr.text(), t.text(), null, null);
        }
        if (!t.quoted() && t.text().equals("date")) {
            Token op = peek();
            String o = op == null ? "" : op.text();
            switch (o) {
                case "lt" -> {
                    pos++;
                    return new DateExpression("lt", null, next("a date such as 2030-01-01").text());
                }
                case "gt" -> {
                    pos++;
                    return new DateExpression("gt", next("a date such as 2030-01-01").text(), null);
                }
                case "in", "in_range" -> {
                    pos++;
                    String start = null;
                    String end = null;
                    while (!atEnd() && isPair(peek())) {
                        Token p = peek();
                        NvPair pair = pair("start=DATE or end=DATE");
                        switch (pair.name()) {
                            case "start" -> start = pair.value();
                            case "end" -> end = pair.value();
                            default -> {
                                pos--;
                                throw new CrmSyntaxException(p.line(), p.column(), p.text(),
                                        "start=DATE or end=DATE (durations and date specs are not supported)");
                            }
                        }
                    }
                    if (start == null && end == null) {
                        throw error("start=DATE or end=DATE");
                    }
                    return new DateExpression("in_range", start, end);
                }
                default -> throw error("lt, gt or in after date (date spec is not supported)");
            }
        }
        Token op = next("an operator (eq, ne, lt, gt, lte, gte, optionally with a type such as number:gt)");
        String operator = op.text();
        String type = null;
        int colon = operator.indexOf(':');
        if (colon > 0) {
            type = operator.substring(0, colon);
            operator = operator.substring(colon + 1);
        }
        if (op.quoted() || !OPERATORS.contains(operator) || (type != null && !TYPES.contains(type))) {
            pos--;
            throw error("an operator (eq, ne, lt, gt, lte, gte, optionally with a type: string:, number:, integer:,"
                    + " version:)");
        }
        Token value = next("a value");
        return new AttributeExpression(t.text(), operator, type, value.text());
    }

    private List<ResourceRef> refs(String qualifierName) throws CrmSyntaxException {
        List<ResourceRef> refs = new ArrayList<>();
        while (!atEnd() && !isPair(peek())) {
            Token t = peek();
            if (t.text().startsWith("(") || t.text().startsWith("[") || t.text().startsWith("{")) {
                throw error("a resource id (bracketed resource sets are not supported)");
            }
            String text = t.text();
            int colon = text.indexOf(':');
            String id = colon < 0 ? text : text.substring(0, colon);
            String qualifier = colon < 0 ? null : text.substring(colon + 1);
            if (!ID.matcher(id).matches() || (qualifier != null && !NAME.matcher(qualifier).matches())) {
                throw error("a resource id, optionally with :" + qualifierName);
            }
            pos++;
            refs.add(new ResourceRef(id, qualifier));
        }
        if (refs.size() < 2) {
            throw error("another resource id (at least two)");
        }
        return refs;
    }

    private CrmCommand colocation(int line) throws CrmSyntaxException {
        String id = id();
        String score = beforeColon("a score such as inf: or -100:");
        List<ResourceRef> refs = refs("ROLE");
        return new CrmCommand.Colocation(line, id, score, refs);
    }

    private CrmCommand order(int line) throws CrmSyntaxException {
        String id = id();
        String kind = beforeColon("a kind (Mandatory:, Optional:, Serialize:) or a score such as inf: or 0:");
        List<ResourceRef> refs = refs("ACTION");
        String symmetrical = null;
        if (!atEnd()) {
            Token t = peek();
            if (!t.text().startsWith("symmetrical=")) {
                throw error("symmetrical=true|false or the end of the command");
            }
            symmetrical = pair("symmetrical=BOOLEAN").value();
        }
        return new CrmCommand.Order(line, id, kind, refs, symmetrical);
    }

    private CrmCommand properties(int line, PropertyKind kind) throws CrmSyntaxException {
        String setId = null;
        Token t = peek();
        if (t != null && t.text().startsWith("$id=")) {
            setId = pair("$id=ID").value();
        } else if (t != null && !isPair(t) && t.text().endsWith(":")) {
            setId = beforeColon("ID:");
            if (!ID.matcher(setId).matches()) {
                pos--;
                throw error(EXPECTED_ID + " followed by ':'");
            }
        }
        List<NvPair> pairs = new ArrayList<>();
        while (!atEnd()) {
            pairs.add(pair("name=value"));
        }
        if (pairs.isEmpty()) {
            throw error("name=value");
        }
        return new CrmCommand.Properties(line, kind, setId, pairs);
    }

    private CrmCommand node(int line) throws CrmSyntaxException {
        String nodeId = null;
        Token t = peek();
        if (t != null && t.text().endsWith(":") && t.text().length() > 1) {
            nodeId = beforeColon("ID:");
        }
        Token uname = next("a node name");
        if (isPair(uname)) {
            pos--;
            throw error("a node name");
        }
        List<NvPair> attrs = new ArrayList<>();
        if (peekIs("attributes")) {
            pos++;
            while (!atEnd()) {
                attrs.add(pair("name=value"));
            }
            if (attrs.isEmpty()) {
                throw error("name=value after attributes");
            }
        }
        return new CrmCommand.Node(line, nodeId, uname.text(), attrs);
    }

    private CrmCommand delete(int line) throws CrmSyntaxException {
        List<String> ids = new ArrayList<>();
        while (!atEnd()) {
            ids.add(id());
        }
        if (ids.isEmpty()) {
            throw error("the id of what to delete");
        }
        return new CrmCommand.Delete(line, ids);
    }

    private CrmCommand show(int line) throws CrmSyntaxException {
        boolean xml = false;
        if (peekIs("xml")) {
            xml = true;
            pos++;
        }
        List<String> ids = new ArrayList<>();
        while (!atEnd()) {
            ids.add(id());
        }
        return new CrmCommand.Show(line, xml, ids);
    }
}
