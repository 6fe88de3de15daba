package io.tandem.importers.crm;

import java.util.List;
import java.util.Objects;

/**
 * One parsed crm configure command. Values are kept as written (scores such as {@code inf}, durations such as
 * {@code 1min}); {@link CrmApplier} checks and translates them, so that its errors can name the field.
 */
public sealed interface CrmCommand {
    /** The line the command starts on (1-based). */
    int line();

    /** The keyword and id, such as {@code primitive vip}, for messages. */
    String label();

    /** {@code name=value}. */
    record NvPair(String name, String value) {
        public NvPair {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A part of a resource definition, in the order written. */
    sealed interface Section {
    }

    /** {@code params}, {@code meta} or {@code utilization} with its pairs; {@code setId} is null unless {@code $id=} was given. */
    record AttributeSet(SetKind kind, String setId, List<NvPair> pairs) implements Section {
        public AttributeSet {
            Objects.requireNonNull(kind, "kind");
            pairs = List.copyOf(pairs);
        }
    }

    /** {@code op NAME k=v ...}: the attributes of the op element ({@code interval}, {@code timeout}, {@code role}, ...). */
    record Operation(String name, List<NvPair> attributes) implements Section {
        public Operation {
            Objects.requireNonNull(name, "name");
            attributes = List.copyOf(attributes);
        }
    }

    enum SetKind {
        PARAMS("params", "instance_attributes"),
        META("meta", "meta_attributes"),
        UTILIZATION("utilization", "utilization");

        private final String keyword;
        private final String element;

        SetKind(String keyword, String element) {
            this.keyword = keyword;
            this.element = element;
        }

        public String keyword() {
            return keyword;
        }

        public String element() {
            return element;
        }
    }

    /** {@code primitive ID class:provider:type ...}; provider is null for classes without one. */
    record Primitive(int line, String id, String agentClass, String provider, String type, List<Section> sections)
            implements CrmCommand {
        public Primitive {
            sections = List.copyOf(sections);
        }

        @Override
        public String label() {
            return "primitive " + id;
        }
    }

    /** {@code group ID RSC... [meta ...] [params ...]}. */
    record Group(int line, String id, List<String> members, List<Section> sections) implements CrmCommand {
        public Group {
            members = List.copyOf(members);
            sections = List.copyOf(sections);
        }

        @Override
        public String label() {
            return "group " + id;
        }
    }

    /** {@code clone ID RSC ...} or, with {@code ms} true, {@code ms ID RSC ...} (a {@code <master>} element). */
    record Clone(int line, String id, String child, boolean ms, List<Section> sections) implements CrmCommand {
        public Clone {
            sections = List.copyOf(sections);
        }

        @Override
        public String label() {
            return (ms ? "ms " : "clone ") + id;
        }
    }

    /** One rule expression. */
    sealed interface Expression {
    }

    /**
     * {@code ATTR [type:]OP VALUE}, {@code defined ATTR} or {@code not_defined ATTR} (value null); type null
     * unless written.
     */
    record AttributeExpression(String attribute, String operation, String type, String value) implements Expression {
    }

    /** {@code date lt END}, {@code date gt START}, {@code date in start=S end=E}; operation as in the CIB ({@code in_range}). */
    record DateExpression(String operation, String start, String end) implements Expression {
    }

    /** {@code rule [$id=ID] [$role=ROLE] SCORE: expr [and|or expr]...}; booleanOp null for a single expression or and. */
    record Rule(String id, String role, String score, String booleanOp, List<Expression> expressions) {
        public Rule {
            expressions = List.copyOf(expressions);
        }
    }

    /** {@code location ID RSC [role=R] SCORE: NODE} (rules empty) or {@code location ID RSC rule ...} (node null). */
    record Location(int line, String id, String rsc, String role, String score, String node, List<Rule> rules)
            implements CrmCommand {
        public Location {
            rules = List.copyOf(rules);
        }

        @Override
        public String label() {
            return "location " + id;
        }
    }

    /** {@code rsc[:qualifier]}: a role for colocations, an action for orders; qualifier null when not written. */
    record ResourceRef(String id, String qualifier) {
    }

    /** {@code colocation ID SCORE: RSC[:ROLE] WITH[:ROLE] ...}. */
    record Colocation(int line, String id, String score, List<ResourceRef> resources) implements CrmCommand {
        public Colocation {
            resources = List.copyOf(resources);
        }

        @Override
        public String label() {
            return "colocation " + id;
        }
    }

    /** {@code order ID KIND|SCORE: FIRST[:ACTION] THEN[:ACTION] ... [symmetrical=BOOL]}; symmetrical null when not written. */
    record Order(int line, String id, String kindOrScore, List<ResourceRef> resources, String symmetrical)
            implements CrmCommand {
        public Order {
            resources = List.copyOf(resources);
        }

        @Override
        public String label() {
            return "order " + id;
        }
    }

    enum PropertyKind {
        PROPERTY("property", "crm_config", "cluster_property_set", "cib-bootstrap-options"),
        RSC_DEFAULTS("rsc_defaults", "rsc_defaults", "meta_attributes", "rsc-options"),
        OP_DEFAULTS("op_defaults", "op_defaults", "meta_attributes", "op-options");

        private final String keyword;
        private final String section;
        private final String setElement;
        private final String defaultSetId;

        PropertyKind(String keyword, String section, String setElement, String defaultSetId) {
            this.keyword = keyword;
            this.section = section;
            this.setElement = setElement;
            this.defaultSetId = defaultSetId;
        }

        public String keyword() {
            return keyword;
        }

        public String section() {
            return section;
        }

        public String setElement() {
            return setElement;
        }

        public String defaultSetId() {
            return defaultSetId;
        }
    }

    /** {@code property [$id=ID | ID:] k=v ...}, {@code rsc_defaults ...}, {@code op_defaults ...}; setId null for the default. */
    record Properties(int line, PropertyKind kind, String setId, List<NvPair> pairs) implements CrmCommand {
        public Properties {
            pairs = List.copyOf(pairs);
        }

        @Override
        public String label() {
            return kind.keyword() + (setId == null ? "" : " " + setId);
        }
    }

    /** {@code node [ID:] UNAME [attributes k=v ...]}; id null when not written (then the uname is the id). */
    record Node(int line, String id, String uname, List<NvPair> attributes) implements CrmCommand {
        public Node {
            attributes = List.copyOf(attributes);
        }

        @Override
        public String label() {
            return "node " + uname;
        }
    }

    /** {@code delete ID...}. */
    record Delete(int line, List<String> ids) implements CrmCommand {
        public Delete {
            ids = List.copyOf(ids);
        }

        @Override
        public String label() {
            return "delete " + String.join(" ", ids);
        }
    }

    /** {@code show [ID...]} or {@code show xml [ID...]}: no change to the configuration. */
    record Show(int line, boolean xml, List<String> ids) implements CrmCommand {
        public Show {
            ids = List.copyOf(ids);
        }

        @Override
        public String label() {
            return "show";
        }
    }

    /** {@code verify}: no change; a session reports the validator's findings. */
    record Verify(int line) implements CrmCommand {
        @Override
        public String label() {
            return "verify";
        }
    }

    /** {@code commit}: no change; a session marks its edits ready to commit. */
    record Commit(int line) implements CrmCommand {
        @Override
        public String label() {
            return "commit";
        }
    }
}
