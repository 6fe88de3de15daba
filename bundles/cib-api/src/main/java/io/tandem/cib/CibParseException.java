package io.tandem.cib;

/** A CIB that cannot be read or is not valid, with where it went wrong: source, line and element. */
public final class CibParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final String element;
    private final String problem;

    public CibParseException(String source, int line, String element, String problem) {
        super(source + ":" + (line > 0 ? line + ":" : "") + (element == null || element.isEmpty() ? "" : " <" + element + ">:")
                + " " + problem);
        this.source = source;
        this.line = line;
        this.element = element == null ? "" : element;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The element name where the problem is, or "" when it is not tied to one. */
    public String element() {
        return element;
    }

    public String problem() {
        return problem;
    }
}
