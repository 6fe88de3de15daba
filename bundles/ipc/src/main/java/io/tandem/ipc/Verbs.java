package io.tandem.ipc;

/**
 * The verbs of the local API that Tandem's own bundles answer, and their argument keys. Any bundle may add
 * verbs; these are the ones the compatibility tools use.
 */
public final class Verbs {
    /** Committed node attribute: node (default: local), name, scope (status|nodes) -> value, node. */
    public static final String ATTR_GET = "attr.get";
    /** node, name, value, scope. */
    public static final String ATTR_SET = "attr.set";
    /** node, name, scope -> existed (true|false), node. */
    public static final String ATTR_DELETE = "attr.delete";
    /** Cluster option (crm_config): name -> value. */
    public static final String OPTION_GET = "option.get";
    /** name, value. */
    public static final String OPTION_SET = "option.set";
    /** name -> existed. */
    public static final String OPTION_DELETE = "option.delete";
    /** attrd_updater's updates: command (U|B|Y|D), name, value, node, delayMillis, private. */
    public static final String ATTRD_UPDATE = "attrd.update";
    /** name, node or all=true -> repeated host and value, in pairs. */
    public static final String ATTRD_QUERY = "attrd.query";
    /** Re-send all attributes to the CIB (nothing to do while the store is local). */
    public static final String ATTRD_REFRESH = "attrd.refresh";
    /** -> name: the local node's name. */
    public static final String NODE_NAME = "node.name";
    /** -> repeated node = "ID NAME member|lost". */
    public static final String NODE_LIST = "node.list";
    /** -> repeated member = NAME (the current view). */
    public static final String NODE_PARTITION = "node.partition";
    /** -> quorate (true|false). */
    public static final String NODE_QUORUM = "node.quorum";
    /** -> id: the local node's id. */
    public static final String NODE_ID = "node.id";
    /** id -> name. */
    public static final String NODE_NAME_FOR_ID = "node.name-for-id";

    private Verbs() {
    }
}
